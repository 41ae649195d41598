#pragma once

#include <QtGlobal>

namespace testsupport {

// Resident memory of process PID from /proc/PID/status, in KiB: the current VmRSS or
// the peak VmHWM; -1 if unreadable.
qint64 rssKib(qint64 pid);
qint64 peakRssKib(qint64 pid);

} // namespace testsupport
