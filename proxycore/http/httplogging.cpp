#include "http/httplogging.h"

namespace pc {

Q_LOGGING_CATEGORY(lcHttp, "pmproxy.http")

} // namespace pc
