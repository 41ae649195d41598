#include "config/configlog.h"

namespace gw {

Q_LOGGING_CATEGORY(lcConfig, "gatewayd.config")

} // namespace gw
