#pragma once

#include <functional>

namespace testsupport {

// Runs the event loop until DONE holds or TIMEOUTMS pass; returns DONE() (checked once
// more at the deadline). The one wait of the tests: QTest::qWaitFor, which processes
// events, checks DONE after every pass and never waits past the deadline.
bool waitFor(const std::function<bool()> &done, int timeoutMs = 10000);

} // namespace testsupport
