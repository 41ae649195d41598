#include "tunnel/tunnellog.h"

Q_LOGGING_CATEGORY(lcTunnel, "pmproxy.tunnel", QtInfoMsg)
