#pragma once

#include <QLoggingCategory>

namespace gw {

// Logging category "gatewayd.api".
Q_DECLARE_LOGGING_CATEGORY(lcApi)

} // namespace gw
