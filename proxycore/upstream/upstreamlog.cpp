#include "upstream/upstreamlog.h"

Q_LOGGING_CATEGORY(lcUpstream, "pmproxy.upstream")
