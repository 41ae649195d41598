#include "headless/headlesslog.h"

Q_LOGGING_CATEGORY(lcHeadless, "pmproxy.headless", QtInfoMsg)
