#pragma once

#include <functional>

namespace testsupport {

// Runs the event loop until DONE holds or TIMEOUTMS pass; returns DONE() (checked once
// more at the deadline). The one wait of the tests, on QTest::qWaitFor; before each of its
// checks the event loop runs for up to 50 ms (qWaitFor itself then pauses 10 ms), so both
// ends of a transfer in this process keep moving, and DONE is checked each time the loop
// has handled what arrived.
bool waitFor(const std::function<bool()> &done, int timeoutMs = 10000);

} // namespace testsupport
