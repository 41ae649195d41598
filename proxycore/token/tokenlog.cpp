#include "token/tokenlog.h"

Q_LOGGING_CATEGORY(lcToken, "pmproxy.token")
