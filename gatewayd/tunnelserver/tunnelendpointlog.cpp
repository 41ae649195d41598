#include "tunnelserver/tunnelendpointlog.h"

Q_LOGGING_CATEGORY(lcTunnelEndpoint, "gatewayd.tunnel")
