#pragma once

#include <QLoggingCategory>

namespace gw {

// Logging category "gatewayd.config".
Q_DECLARE_LOGGING_CATEGORY(lcConfig)

} // namespace gw
