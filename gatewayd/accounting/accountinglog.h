#pragma once

#include <QLoggingCategory>

namespace gw {

// Logging category "gatewayd.accounting".
Q_DECLARE_LOGGING_CATEGORY(lcAccounting)

} // namespace gw
