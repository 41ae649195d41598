// pmproxy as a real process: help and version without a display, the exit codes and
// messages of PRODUCT.md §3, and the German translation.
#include "apptestsupport.h"
#include "refusinggateway.h"
#include "session/bmcsession.h"

#include <QDateTime>
#include <QDeadlineTimer>
#include <QDir>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTimer>
#include <catch2/catch.hpp>

using namespace Qt::StringLiterals;

namespace {
const QDir kData(QStringLiteral(PMPROXY_TEST_DATA_DIR));
} // namespace

TEST_CASE("pmproxy --help lists the options and needs no display") {
    QTemporaryDir runtime;
    QProcessEnvironment env = apptest::baseEnvironment(runtime.path());
    env.remove(u"QT_QPA_PLATFORM"_s); // and no DISPLAY either
    const auto r = apptest::run({u"--help"_s}, env);
    REQUIRE(r.finished);
    CHECK(r.exitCode == 0);
    for (const char *option : {"--headless", "--screenshot", "--gateway-ca", "--version", "LINK"})
        CHECK(r.out.contains(QLatin1StringView(option)));
    CHECK(r.out.contains(u"Exit codes"_s));
}

TEST_CASE("pmproxy --version prints the version and needs no display") {
    QTemporaryDir runtime;
    QProcessEnvironment env = apptest::baseEnvironment(runtime.path());
    env.remove(u"QT_QPA_PLATFORM"_s);
    const auto r = apptest::run({u"--version"_s}, env);
    REQUIRE(r.finished);
    CHECK(r.exitCode == 0);
    CHECK(r.out.trimmed().startsWith(u"pmproxy 0."_s));
}

TEST_CASE("a bad link exits 2 with the reason in every mode") {
    QTemporaryDir runtime;
    const auto env = apptest::baseEnvironment(runtime.path());
    QTemporaryDir out;
    const QList<QStringList> runs = {
        {u"--headless"_s, u"not-a-link"_s},
        {u"--headless"_s, u"pmproxy://gpsession?token=abc"_s},
        {u"--screenshot"_s, out.filePath(u"x.png"_s), u"https://gw.example/other?x=1"_s},
        {u"not-a-link"_s}, // window mode: refused before any window opens
    };
    for (const QStringList &args : runs) {
        INFO(args.join(u' ').toStdString());
        const auto r = apptest::run(args, env);
        REQUIRE(r.finished);
        CHECK(r.exitCode == 2);
        CHECK(r.err.contains(u"pmproxy: "_s));
        CHECK(r.out.isEmpty());
    }
    CHECK_FALSE(QFile::exists(out.filePath(u"x.png"_s)));
}

TEST_CASE("an expired token exits 3 and says it expired") {
    QTemporaryDir runtime;
    const auto env = apptest::baseEnvironment(runtime.path());
    const QString token = apptest::mintExpiredToken();
    REQUIRE_FALSE(token.isEmpty());
    QTemporaryDir out;
    const QList<QStringList> runs = {
        {u"--headless"_s, token},
        {u"--headless"_s, u"pmproxy://gpsession?token="_s + token},
        {u"--screenshot"_s, out.filePath(u"x.png"_s), token},
        {token},
    };
    for (const QStringList &args : runs) {
        INFO(args.first().toStdString());
        const auto r = apptest::run(args, env);
        REQUIRE(r.finished);
        CHECK(r.exitCode == 3);
        CHECK(r.err.contains(u"expired"_s));
        CHECK(r.out.isEmpty());
    }
}

TEST_CASE("a missing or useless gateway CA file exits 1 naming it") {
    QTemporaryDir runtime;
    const auto env = apptest::baseEnvironment(runtime.path());
    const QString token = apptest::mintToken();
    const QString missing = runtime.filePath(u"no-such-ca.pem"_s);
    auto r = apptest::run({u"--gateway-ca"_s, missing, u"--headless"_s, token}, env);
    REQUIRE(r.finished);
    CHECK(r.exitCode == 1);
    CHECK(r.err.contains(missing));

    r = apptest::run(
        {u"--gateway-ca"_s, QStringLiteral(PMPROXY_TEST_DATA_DIR), u"--headless"_s, token}, env);
    REQUIRE(r.finished);
    CHECK(r.exitCode == 1);
    CHECK(r.err.contains(u"--gateway-ca"_s));
}

TEST_CASE("misuse of the command line exits 1 and points at --help") {
    QTemporaryDir runtime;
    const auto env = apptest::baseEnvironment(runtime.path());
    for (const QStringList &args :
         {QStringList{u"--bogus"_s}, QStringList{u"--headless"_s}, QStringList{u"a"_s, u"b"_s}}) {
        const auto r = apptest::run(args, env);
        REQUIRE(r.finished);
        CHECK(r.exitCode == 1);
        CHECK(r.err.contains(u"--help"_s));
    }
}

TEST_CASE("headless mode ends with exit 3 when the token expires") {
    // Nothing listens at the token's gateway (127.0.0.1:1): whatever the session makes of
    // that while it retries, the token's end ends the process, with the spec's code.
    const qint64 now = QDateTime::currentSecsSinceEpoch();
    const QString token = apptest::mintToken({{u"exp"_s, now + 3}});
    QTemporaryDir runtime;
    const auto env = apptest::baseEnvironment(runtime.path());
    QElapsedTimer clock;
    clock.start();
    const auto r = apptest::run(
        {u"--headless"_s, u"--gateway-ca"_s, kData.filePath(u"ca.pem"_s), token}, env, 30000);
    REQUIRE(r.finished);
    CHECK(r.exitCode == 3);
    CHECK(r.err.contains(u"expired"_s));
    CHECK_FALSE(r.out.contains(u"http"_s));
    CHECK(clock.elapsed() >= 1500); // it served (or tried to) until the token's end
}

TEST_CASE("with a German locale the help and the messages are German") {
    QTemporaryDir runtime;
    QProcessEnvironment env = apptest::baseEnvironment(runtime.path());
    env.insert(u"LC_ALL"_s, u"de_DE.UTF-8"_s);
    env.insert(u"LANG"_s, u"de_DE.UTF-8"_s);
    auto r = apptest::run({u"--help"_s}, env);
    REQUIRE(r.finished);
    CHECK(r.exitCode == 0);
    CHECK(r.out.contains(u"Öffnet die Weboberfläche"_s));
    CHECK(r.out.contains(u"Ohne Fenster"_s));

    r = apptest::run({u"--headless"_s, apptest::mintExpiredToken()}, env);
    REQUIRE(r.finished);
    CHECK(r.exitCode == 3);
    CHECK(r.err.contains(u"abgelaufen"_s));

    r = apptest::run(
        {u"--gateway-ca"_s, runtime.filePath(u"x.pem"_s), u"--headless"_s, apptest::mintToken()},
        env);
    CHECK(r.exitCode == 1);
    CHECK(r.err.contains(u"Datei nicht gefunden"_s));
}

TEST_CASE("the desktop file registers the pmproxy:// scheme handler") {
    QFile file(QStringLiteral(PMPROXY_DESKTOP_FILE));
    REQUIRE(file.open(QIODevice::ReadOnly | QIODevice::Text));
    const QStringList lines = QString::fromUtf8(file.readAll()).split(u'\n');
    CHECK(lines.contains(u"[Desktop Entry]"_s));
    CHECK(lines.contains(u"Exec=pmproxy %u"_s));
    CHECK(lines.contains(u"MimeType=x-scheme-handler/pmproxy;"_s));
    CHECK(lines.contains(u"Type=Application"_s));
}

TEST_CASE("headless mode ends cleanly with exit 0 on SIGTERM") {
    // A gateway that accepts connections and never answers keeps the session connecting.
    QTcpServer silentGateway;
    REQUIRE(silentGateway.listen(QHostAddress::LocalHost, 0));
    const QString token =
        apptest::mintToken({{u"upstream"_s, u"127.0.0.1:%1"_s.arg(silentGateway.serverPort())}});
    QTemporaryDir runtime;
    QProcess process;
    process.setProcessEnvironment(apptest::baseEnvironment(runtime.path()));
    process.start(apptest::program(),
                  {u"--headless"_s, u"--gateway-ca"_s, kData.filePath(u"ca.pem"_s), token});
    REQUIRE(process.waitForStarted(10000));
    // Serving (connecting) once it says so on stderr.
    QByteArray err;
    const QDeadlineTimer deadline(20000);
    while (!err.contains("connecting to gateway") && !deadline.hasExpired() &&
           process.state() == QProcess::Running) {
        process.waitForReadyRead(200);
        err += process.readAllStandardError();
    }
    REQUIRE(err.contains("connecting to gateway"));
    REQUIRE(process.state() == QProcess::Running);
    process.terminate(); // SIGTERM
    REQUIRE(process.waitForFinished(10000));
    CHECK(process.exitStatus() == QProcess::NormalExit);
    CHECK(process.exitCode() == 0);
    CHECK(process.readAllStandardOutput().isEmpty()); // never connected: no URL
}

TEST_CASE("a token the gateway refuses ends headless mode with exit 4 and the reason") {
    RefusingGateway gateway("signature does not verify");
    REQUIRE(gateway.ok());
    const QString token =
        apptest::mintToken({{u"upstream"_s, u"127.0.0.1:%1"_s.arg(gateway.port())}});
    QTemporaryDir runtime;
    QProcess process;
    process.setProcessEnvironment(apptest::baseEnvironment(runtime.path()));
    QEventLoop loop;
    QObject::connect(&process, &QProcess::finished, &loop, &QEventLoop::quit);
    QTimer::singleShot(30000, &loop, &QEventLoop::quit);
    process.start(apptest::program(),
                  {u"--headless"_s, u"--gateway-ca"_s, kData.filePath(u"gateway.pem"_s), token});
    loop.exec(); // the gateway answers from this event loop
    REQUIRE(process.state() == QProcess::NotRunning);
    const QString err = QString::fromUtf8(process.readAllStandardError());
    INFO(err.toStdString());
    CHECK(gateway.requests() >= 1);
    CHECK(process.exitCode() == 4);
    CHECK(err.contains(u"refused"_s));
    CHECK(err.contains(u"signature does not verify"_s)); // the gateway's own words
    CHECK(process.readAllStandardOutput().isEmpty());
}

TEST_CASE("headless mode exits 4 when the gateway cannot be reached") {
    // Nothing listens at the token's gateway (127.0.0.1:1) and the token is good for long:
    // after a few tries the session gives up and says why.
    QTemporaryDir runtime;
    const auto env = apptest::baseEnvironment(runtime.path());
    const auto r = apptest::run(
        {u"--headless"_s, u"--gateway-ca"_s, kData.filePath(u"ca.pem"_s), apptest::mintToken({})},
        env, 60000);
    REQUIRE(r.finished);
    CHECK(r.exitCode == 4);
    CHECK(r.err.contains(u"cannot be reached"_s));
    CHECK_FALSE(r.out.contains(u"http"_s));
}
