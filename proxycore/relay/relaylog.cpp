#include "relay/relaylog.h"

Q_LOGGING_CATEGORY(lcRelay, "pmproxy.relay", QtInfoMsg)
