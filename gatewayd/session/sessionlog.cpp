#include "session/sessionlog.h"

namespace gw {

Q_LOGGING_CATEGORY(lcSession, "gatewayd.session", QtInfoMsg)

} // namespace gw
