#include "agent/agentlog.h"

namespace gw {

Q_LOGGING_CATEGORY(lcAgent, "pmproxy.agent", QtInfoMsg)

} // namespace gw
