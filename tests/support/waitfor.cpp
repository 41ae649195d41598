#include "waitfor.h"

#include <QTest>

namespace testsupport {

bool waitFor(const std::function<bool()> &done, int timeoutMs) {
    return QTest::qWaitFor(done, timeoutMs);
}

} // namespace testsupport
