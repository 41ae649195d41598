#pragma once

#include "session/bmcsession.h"

namespace app {

// The process exit code for a session failure (PRODUCT.md §3): 0 ok, 2 bad link or
// token, 3 token expired, 4 gateway unreachable or refused the token, 1 anything else.
// Command-line misuse (unknown option, unreadable --gateway-ca file) is neither a bad
// link nor a token problem: it is "anything else", 1 (2 would tell a script to ask for a
// new link).
inline int exitCodeFor(BmcSession::Failure failure) {
    const int code = static_cast<int>(failure);
    return code == 0 ? 1 : code; // a failure without a reason is still a failure
}

constexpr int kExitOk = 0;
constexpr int kExitOther = 1;
constexpr int kExitUsage = kExitOther;

} // namespace app
