#include "api/apilog.h"

namespace gw {

Q_LOGGING_CATEGORY(lcApi, "gatewayd.api", QtInfoMsg)

} // namespace gw
