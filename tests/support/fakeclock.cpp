#include "fakeclock.h"

namespace testsupport {

std::shared_ptr<FakeClock> FakeClock::atSecs(qint64 secsSinceEpoch) {
    return std::make_shared<FakeClock>(secsSinceEpoch * 1000);
}

} // namespace testsupport
