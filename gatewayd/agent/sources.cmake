# `gatewayd agent` (docs/agents-protocol.md); paths are relative to gatewayd/.
set(GATEWAYD_AGENT_SOURCES
  agent/agentlog.h agent/agentlog.cpp
  agent/agentoptions.h agent/agentoptions.cpp
  agent/agentrefusal.h agent/agentrefusal.cpp
  agent/agentconnectrequest.h agent/agentconnectrequest.cpp
  agent/agentstreamhandler.h agent/agentstreamhandler.cpp
  agent/agentlink.h agent/agentlink.cpp
  agent/agentrunner.h agent/agentrunner.cpp
  agent/agentcommand.h agent/agentcommand.cpp)
