#include "proxy/proxylog.h"

Q_LOGGING_CATEGORY(lcLocalProxy, "pmproxy.localproxy")
