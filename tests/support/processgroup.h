#pragma once

// Child processes that a test must never leave behind: each runs in its own process
// group (and session) and dies with the test process (PR_SET_PDEATHSIG), and ending it
// ends every process in its group, helpers included.

#include <QProcess>
#include <functional>

namespace testsupport {

// Makes PROCESS, when started, lead its own process group; EXTRA runs in the child too
// (after the group is made, before the program starts; async-signal-safe calls only).
void startsOwnGroup(QProcess &process, std::function<void()> extra = {});

// Ends the process group GROUP (the group leader's pid; 0: nothing to do): SIGTERM,
// then SIGKILL after GRACEMS, and waits (bounded) until none of its processes runs any
// more. PROCESS is the leader, reaped here. GROUP is set to 0.
void endGroup(QProcess &process, qint64 &group, int graceMs = 3000);

// How many processes of group GROUP still run (zombies not counted), from /proc.
int livingInGroup(qint64 group);

} // namespace testsupport
