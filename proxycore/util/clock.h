#pragma once

#include <QDateTime>
#include <QtGlobal>
#include <memory>

namespace pc {

// Wall-clock time where it decides something (token exp/nbf/iat and leeway, reconnect
// deadlines, session and accounting times, expiry timers). Production code uses the
// system clock (Clock::system()); tests inject a fake one so that no test waits for a
// real expiry (README, "Tests").
class Clock {
public:
    virtual ~Clock() = default;

    // Milliseconds since 1970-01-01T00:00:00Z.
    virtual qint64 msecsSinceEpoch() const = 0;
    // Whole seconds since the epoch (rounded down).
    qint64 secsSinceEpoch() const;
    QDateTime utc() const;

    // The process-wide system clock.
    static std::shared_ptr<const Clock> system();
    // CLOCK, or the system clock when CLOCK is null.
    static std::shared_ptr<const Clock> orSystem(std::shared_ptr<const Clock> clock);
};

} // namespace pc
