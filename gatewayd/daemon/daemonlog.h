#pragma once

#include <QLoggingCategory>

namespace gw {

// Logging category "gatewayd.daemon": the running daemon (start, apply, shutdown).
Q_DECLARE_LOGGING_CATEGORY(lcDaemon)

} // namespace gw
