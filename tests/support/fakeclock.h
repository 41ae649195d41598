#pragma once

#include "util/clock.h"

#include <atomic>
#include <memory>

namespace testsupport {

// A clock that stands still until a test moves it: token windows, reconnect deadlines
// and expiry timers are tested without waiting for real time to pass.
class FakeClock final : public pc::Clock {
public:
    explicit FakeClock(qint64 msecsSinceEpoch = 1700000000000)
        : m_ms(msecsSinceEpoch) {}
    static std::shared_ptr<FakeClock> atSecs(qint64 secsSinceEpoch);

    qint64 msecsSinceEpoch() const override { return m_ms.load(); }
    void setMSecs(qint64 msecsSinceEpoch) { m_ms.store(msecsSinceEpoch); }
    void setSecs(qint64 secsSinceEpoch) { m_ms.store(secsSinceEpoch * 1000); }
    void advanceMSecs(qint64 ms) { m_ms.fetch_add(ms); }
    void advanceSecs(qint64 seconds) { m_ms.fetch_add(seconds * 1000); }

private:
    std::atomic<qint64> m_ms;
};

} // namespace testsupport
