#include "agents/agentslog.h"

Q_LOGGING_CATEGORY(lcAgents, "gatewayd.agents")
