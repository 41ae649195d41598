#pragma once

#include "util/clock.h"

#include <QDateTime>
#include <functional>
#include <optional>

namespace pc {

// When the client tries again after a lost or failed connection: exponential backoff
// from initialMs, doubled per failure and capped at maxMs, with "equal jitter" (a
// uniform pick in [delay/2, delay]) so that many clients cut by the same outage do
// not come back in lockstep. No more attempts once the token has expired.
class ReconnectPolicy {
public:
    struct Options {
        int initialMs = 500;
        int maxMs = 15000;
        QDateTime validUntil; // invalid: no expiry
    };
    using Random = std::function<double()>; // uniform in [0, 1)

    // A null CLOCK is the system clock.
    explicit ReconnectPolicy(Options options, std::shared_ptr<const Clock> clock = {},
                             Random random = {});

    // The delay before the next attempt, or nullopt when there is none (token expired,
    // or would expire before the attempt).
    std::optional<int> nextDelayMs();
    // A connection worked: the next failure starts from initialMs again.
    void reset() { m_failures = 0; }
    int failures() const { return m_failures; }
    bool expired() const;

private:
    Options m_options;
    std::shared_ptr<const Clock> m_clock;
    Random m_random;
    int m_failures = 0;
};

} // namespace pc
