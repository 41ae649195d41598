#pragma once

#include <QLoggingCategory>

namespace gw {

// Logging category "gatewayd.session".
Q_DECLARE_LOGGING_CATEGORY(lcSession)

} // namespace gw
