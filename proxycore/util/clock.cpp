#include "util/clock.h"

#include "util/systemclock.h"

namespace pc {

qint64 Clock::secsSinceEpoch() const {
    const qint64 ms = msecsSinceEpoch();
    return ms >= 0 ? ms / 1000 : -((-ms + 999) / 1000);
}

QDateTime Clock::utc() const {
    return QDateTime::fromMSecsSinceEpoch(msecsSinceEpoch(), Qt::UTC);
}

std::shared_ptr<const Clock> Clock::system() {
    static const std::shared_ptr<const Clock> clock = std::make_shared<SystemClock>();
    return clock;
}

std::shared_ptr<const Clock> Clock::orSystem(std::shared_ptr<const Clock> clock) {
    return clock ? std::move(clock) : system();
}

} // namespace pc
