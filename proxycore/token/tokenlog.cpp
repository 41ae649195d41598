#include "token/tokenlog.h"

// Info and above by default: debug output (refusal details) is opt-in via QT_LOGGING_RULES.
Q_LOGGING_CATEGORY(lcToken, "pmproxy.token", QtInfoMsg)
