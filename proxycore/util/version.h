#pragma once

#include <QString>

namespace pc {

// The product version, shared by `pmproxy --version` and `gatewayd --version`.
QString productVersion();

} // namespace pc
