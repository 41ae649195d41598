#pragma once

#include "util/clock.h"

namespace pc {

// The operating system's wall clock (QDateTime::currentMSecsSinceEpoch).
class SystemClock final : public Clock {
public:
    qint64 msecsSinceEpoch() const override;
};

} // namespace pc
