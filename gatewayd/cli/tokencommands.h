#pragma once

#include "util/clock.h"

#include <QStringList>
#include <memory>

namespace gw {

// `gatewayd token mint ...` and `gatewayd token verify ...`; args start after "token".
// CLOCK is the time a minted token's iat/nbf/exp count from and the time verify checks
// against (null: the system clock).
int runTokenCommand(const QStringList &args, std::shared_ptr<const pc::Clock> clock = {});

} // namespace gw
