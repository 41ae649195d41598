#include "instance/instancelog.h"

Q_LOGGING_CATEGORY(lcInstance, "pmproxy.instance", QtInfoMsg)
