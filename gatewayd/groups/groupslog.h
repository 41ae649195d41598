#pragma once

#include <QLoggingCategory>

namespace gw {

// Logging category "gatewayd.groups": node groups' namespaces and WireGuard interfaces.
Q_DECLARE_LOGGING_CATEGORY(lcGroups)

} // namespace gw
