#include "groups/systemcommand.h"

#include "groups/groupslog.h"

#include <QProcess>
#include <QStandardPaths>

using namespace Qt::StringLiterals;

namespace gw {

namespace {

// ip(8) lives in /usr/sbin, which a service's PATH may lack.
QString locateProgram(const QString &program) {
    QString path = QStandardPaths::findExecutable(program);
    if (path.isEmpty())
        path = QStandardPaths::findExecutable(program, {u"/usr/sbin"_s, u"/sbin"_s, u"/usr/bin"_s});
    return path;
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

} // namespace gw
