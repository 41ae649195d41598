#pragma once

#include "session/bmcsession.h"

namespace app {

// The process exit code for a session failure (PRODUCT.md §3): 0 ok, 2 bad link or
// token, 3 token expired, 4 gateway unreachable or refused the token, 1 anything else.
// Command-line misuse (unknown option, unreadable --gateway-ca file) also exits 2, as
// gatewayd does for its bad input.
inline int exitCodeFor(BmcSession::Failure failure) {
    const int code = static_cast<int>(failure);
    return code == 0 ? 1 : code; // a failure without a reason is still a failure
}

constexpr int kExitOk = 0;
constexpr int kExitOther = 1;
constexpr int kExitUsage = 2;

} // namespace app
