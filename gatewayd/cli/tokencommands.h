#pragma once

#include <QStringList>

namespace gw {

// `gatewayd token mint ...` and `gatewayd token verify ...`; args start after "token".
int runTokenCommand(const QStringList &args);

} // namespace gw
