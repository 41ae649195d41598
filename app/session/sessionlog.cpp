#include "session/sessionlog.h"

Q_LOGGING_CATEGORY(lcSession, "pmproxy.session")
