#include "daemon/daemonlog.h"

namespace gw {

Q_LOGGING_CATEGORY(lcDaemon, "gatewayd.daemon", QtInfoMsg)

} // namespace gw
