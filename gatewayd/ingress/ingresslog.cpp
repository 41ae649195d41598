#include "ingress/ingresslog.h"

Q_LOGGING_CATEGORY(lcIngress, "gatewayd.ingress")
