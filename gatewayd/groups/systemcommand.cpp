#include "groups/systemcommand.h"

#include "groups/groupslog.h"

#include <QProcess>
#include <QStandardPaths>
#include <fcntl.h>
#include <unistd.h>

using namespace Qt::StringLiterals;

namespace gw {

namespace {

// Only the system's directories, never PATH: gatewayd runs these tools with
// CAP_NET_ADMIN, and a PATH entry writable by someone else must not choose them (README,
// "Node groups").
QString locateProgram(const QString &program) {
    return QStandardPaths::findExecutable(program,
                                          {u"/usr/sbin"_s, u"/usr/bin"_s, u"/sbin"_s, u"/bin"_s});
}

} // namespace

pc::Expected<QByteArray, QString> SystemCommand::run(const QString &program,
                                                     const QStringList &args, int timeoutMs) {
    const QString line = program + u" "_s + args.join(u' ');
    const QString path = locateProgram(program);
    if (path.isEmpty())
        return pc::unexpected(line + u": "_s + program + u" is not installed"_s);
    QProcess process;
    process.setProgram(path);
    process.setArguments(args);
    process.setStandardInputFile(QProcess::nullDevice());
    process.setChildProcessModifier(&SystemCommand::closeInheritedDescriptors);
    process.start();
    if (!process.waitForStarted(timeoutMs))
        return pc::unexpected(line + u": cannot run: "_s + process.errorString());
    if (!process.waitForFinished(timeoutMs)) {
        process.kill();
        process.waitForFinished(1000);
        return pc::unexpected(line + u": no answer within "_s + QString::number(timeoutMs) +
                              u" ms"_s);
    }
    const QByteArray out = process.readAllStandardOutput();
    if (process.exitStatus() != QProcess::NormalExit || process.exitCode() != 0) {
        const QString err = QString::fromUtf8(process.readAllStandardError()).simplified();
        return pc::unexpected(line + u": "_s + (err.isEmpty() ? u"failed"_s : err));
    }
    qCDebug(lcGroups).noquote() << "ran" << line;
    return out;
}

QString SystemCommand::locate(const QString &program) {
    return locateProgram(program);
}

void SystemCommand::closeInheritedDescriptors() {
    // In the child, between fork and exec: async-signal-safe calls only. Close-on-exec
    // rather than closed: QProcess still needs its own pipe until exec.
    if (::close_range(3, ~0U, CLOSE_RANGE_CLOEXEC) == 0)
        return;
    const long max = ::sysconf(_SC_OPEN_MAX);
    for (int fd = 3; fd < (max > 0 ? max : 1024); ++fd) {
        const int flags = ::fcntl(fd, F_GETFD);
        if (flags >= 0 && !(flags & FD_CLOEXEC))
            ::fcntl(fd, F_SETFD, flags | FD_CLOEXEC);
    }
}

} // namespace gw
