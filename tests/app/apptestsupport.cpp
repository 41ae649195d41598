#include "apptestsupport.h"

#include "token/gpsessionclaims.h"
#include "token/keyloader.h"
#include "token/tokenminter.h"

#include <QDateTime>
#include <QDeadlineTimer>

using namespace Qt::StringLiterals;

namespace apptest {

QString mintToken(const QJsonObject &overrides) {
    const qint64 now = QDateTime::currentSecsSinceEpoch();
    QJsonObject json{{u"ip"_s, u"10.0.0.5"_s},
                     {u"upstream"_s, u"127.0.0.1:1"_s},
                     {u"platform"_s, u"idrac9"_s},
                     {u"iat"_s, now},
                     {u"nbf"_s, now},
                     {u"exp"_s, now + 300},
                     {u"sub"_s, u"tester@example.com"_s}};
    for (auto it = overrides.begin(); it != overrides.end(); ++it)
        json.insert(it.key(), it.value());
    auto claims = pc::GpsessionClaims::fromJson(json);
    auto key = pc::KeyLoader::secretFromContent("app-test-secret");
    if (!claims || !key)
        return {};
    auto token = pc::TokenMinter::mint(*claims, *key, {pc::JwsAlgorithm::HS256, {}});
    return token ? QString::fromLatin1(*token) : QString();
}

QString mintExpiredToken() {
    const qint64 now = QDateTime::currentSecsSinceEpoch();
    return mintToken({{u"iat"_s, now - 600}, {u"nbf"_s, now - 600}, {u"exp"_s, now - 300}});
}

QString program() {
    const QString other = qEnvironmentVariable("PMPROXY_TEST_BIN");
    return other.isEmpty() ? QStringLiteral(PMPROXY_BIN) : other;
}

QProcessEnvironment baseEnvironment(const QString &runtimeDir) {
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    for (const char *name : {"DISPLAY", "WAYLAND_DISPLAY", "LANGUAGE", "LC_MESSAGES"})
        env.remove(QString::fromLatin1(name));
    env.insert(u"QT_QPA_PLATFORM"_s, u"offscreen"_s);
    env.insert(u"QTWEBENGINE_DISABLE_SANDBOX"_s, u"1"_s);
    env.insert(u"LC_ALL"_s, u"C.UTF-8"_s);
    env.insert(u"LANG"_s, u"C.UTF-8"_s);
    env.insert(u"XDG_RUNTIME_DIR"_s, runtimeDir);
    return env;
}

Result run(const QStringList &args, const QProcessEnvironment &env, int timeoutMs) {
    QProcess process;
    process.setProcessEnvironment(env);
    process.start(program(), args);
    Result r;
    if (!process.waitForStarted(10000))
        return r;
    r.finished = process.waitForFinished(timeoutMs);
    if (!r.finished) {
        process.kill();
        process.waitForFinished(5000);
    }
    r.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    r.out = QString::fromUtf8(process.readAllStandardOutput());
    r.err = QString::fromUtf8(process.readAllStandardError());
    return r;
}

QString waitForLine(QProcess &process, const QString &prefix, int timeoutMs, QStringList *seen) {
    const QDeadlineTimer deadline(timeoutMs);
    while (!deadline.hasExpired()) {
        while (process.canReadLine()) {
            const QString line = QString::fromUtf8(process.readLine()).trimmed();
            if (seen)
                seen->append(line);
            if (line.startsWith(prefix))
                return line;
        }
        if (process.state() == QProcess::NotRunning)
            return {};
        process.waitForReadyRead(int(qMin<qint64>(deadline.remainingTime(), 1000)));
    }
    return {};
}

void end(QProcess &process) {
    if (process.state() == QProcess::NotRunning)
        return;
    process.terminate();
    if (!process.waitForFinished(5000)) {
        process.kill();
        process.waitForFinished(5000);
    }
}

} // namespace apptest
