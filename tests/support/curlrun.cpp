#include "curlrun.h"

#include "processgroup.h"

#include <QEventLoop>
#include <QProcess>
#include <QTimer>

namespace testsupport {

CurlResult runCurl(const QStringList &args, const QString &stdinFile, int timeoutMs) {
    CurlResult result;
    QProcess curl;
    startsOwnGroup(curl);
    curl.setStandardInputFile(stdinFile.isEmpty() ? QProcess::nullDevice() : stdinFile);
    // The event loop runs while curl does: the server it talks to may live in this
    // process (the app's loopback proxy).
    QEventLoop loop;
    bool ended = false;
    QObject::connect(&curl, &QProcess::finished, &loop, [&] {
        ended = true;
        loop.quit();
    });
    QObject::connect(&curl, &QProcess::errorOccurred, &loop, [&](QProcess::ProcessError e) {
        if (e == QProcess::FailedToStart)
            loop.quit();
    });
    QTimer deadline;
    deadline.setSingleShot(true);
    QObject::connect(&deadline, &QTimer::timeout, &loop, &QEventLoop::quit);
    curl.start(QStringLiteral("curl"), args);
    deadline.start(timeoutMs);
    loop.exec();
    qint64 group = curl.processId();
    if (!ended) {
        endGroup(curl, group);
        result.out = curl.readAllStandardOutput();
        result.err = curl.readAllStandardError() +
                     "\n(curl did not end in time: " + curl.errorString().toUtf8() + ")";
        return result;
    }
    result.out = curl.readAllStandardOutput();
    result.err = curl.readAllStandardError();
    result.exitCode = curl.exitStatus() == QProcess::NormalExit ? curl.exitCode() : -1;
    return result;
}

} // namespace testsupport
