# The gateway's side of agents (README, "Agents"; docs/agents-protocol.md): the endpoint
# and its proof check, the registry of connected agents, and BMC connections through them.
set(GATEWAYD_AGENTS_SOURCES
  agents/agentslog.h agents/agentslog.cpp
  agents/agentauthenticator.h agents/agentauthenticator.cpp
  agents/agentregistry.h agents/agentregistry.cpp
  agents/agentdialer.h agents/agentdialer.cpp
  agents/agentservice.h agents/agentservice.cpp
  agents/agentmetrics.h agents/agentmetrics.cpp
  agents/publishedroute.h agents/publishedroute.cpp)
