#include "util/systemclock.h"

namespace pc {

qint64 SystemClock::msecsSinceEpoch() const {
    return QDateTime::currentMSecsSinceEpoch();
}

} // namespace pc
