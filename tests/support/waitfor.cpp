#include "waitfor.h"

#include <QAbstractEventDispatcher>
#include <QDeadlineTimer>
#include <QEventLoop>
#include <QScopeGuard>
#include <QTest>
#include <QTimer>
#include <algorithm>

namespace testsupport {

namespace {

// How long the event loop runs between two of qWaitFor's checks at the most.
constexpr qint64 kSliceMs = 50;
// Nested waits (a DONE that waits itself): only the innermost reacts to the loop.
thread_local int t_depth = 0;

} // namespace

bool waitFor(const std::function<bool()> &done, int timeoutMs) {
    // qWaitFor handles the events already there, checks, then sleeps 10 ms: alone, a
    // transfer between two ends in this process would crawl from sleep to sleep. So each
    // of its checks first runs the event loop for a slice, which ends as soon as DONE
    // holds when the loop is about to block again (the events that came are handled).
    const int depth = ++t_depth;
    const auto leave = qScopeGuard([] { --t_depth; });
    const QDeadlineTimer deadline(timeoutMs);
    return QTest::qWaitFor(
        [&] {
            if (done())
                return true;
            QEventLoop loop;
            QTimer slice;
            slice.setSingleShot(true);
            QObject::connect(&slice, &QTimer::timeout, &loop, &QEventLoop::quit);
            QObject::connect(QAbstractEventDispatcher::instance(),
                             &QAbstractEventDispatcher::aboutToBlock, &loop, [&] {
                                 if (t_depth != depth)
                                     return;
                                 // DONE may run an event loop of its own (a client
                                 // waiting for its reply): that loop's aboutToBlock must
                                 // not call DONE again, recursively.
                                 ++t_depth;
                                 const bool held = done();
                                 --t_depth;
                                 if (held)
                                     loop.quit();
                             });
            slice.start(int(std::clamp<qint64>(deadline.remainingTime(), 1, kSliceMs)));
            loop.exec();
            return done();
        },
        timeoutMs);
}

} // namespace testsupport
