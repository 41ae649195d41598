#include "processgroup.h"

#include "waitfor.h"

#include <QDir>
#include <QFile>
#include <csignal>
#include <sys/prctl.h>
#include <unistd.h>

using namespace Qt::StringLiterals;

namespace testsupport {

void startsOwnGroup(QProcess &process, std::function<void()> extra) {
    process.setChildProcessModifier([extra = std::move(extra)] {
        ::setsid();
        // A crashed or killed test takes its children with it.
        ::prctl(PR_SET_PDEATHSIG, SIGKILL);
        if (extra)
            extra();
    });
}

int livingInGroup(qint64 group) {
    int living = 0;
    const QStringList pids = QDir(u"/proc"_s).entryList(QDir::Dirs | QDir::NoDotAndDotDot);
    for (const QString &pid : pids) {
        QFile stat(u"/proc/%1/stat"_s.arg(pid));
        if (!stat.open(QIODevice::ReadOnly))
            continue;
        const QByteArray line = stat.readAll();
        // "pid (comm) state ppid pgrp ...": comm may hold spaces, so split after ')'.
        const QList<QByteArray> fields = line.mid(line.lastIndexOf(')') + 2).split(' ');
        if (fields.size() > 2 && fields[2].toLongLong() == group && fields[0] != "Z")
            ++living;
    }
    return living;
}

void endGroup(QProcess &process, qint64 &group, int graceMs) {
    if (group <= 0)
        return;
    if (process.state() != QProcess::NotRunning) {
        ::kill(pid_t(-group), SIGTERM);
        if (!process.waitForFinished(graceMs))
            ::kill(pid_t(-group), SIGKILL);
        process.waitForFinished(5000);
    }
    // Helpers that outlived the leader go with their group; wait (bounded, on a short
    // timer: the kernel sends no event for other processes ending) until they are gone.
    ::kill(pid_t(-group), SIGKILL);
    waitFor([group] { return livingInGroup(group) == 0; }, 5000);
    group = 0;
}

} // namespace testsupport
