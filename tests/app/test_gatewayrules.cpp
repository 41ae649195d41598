// Which gateway pmproxy dials (issue 8, point 11): an https link's host must be its
// token's gateway, and the `gateways` setting (system and user pmproxy.conf) refuses any
// other gateway with exit 2 naming it. pmproxy runs as a real process; the "gateway" is
// RefusingGateway, which counts the requests that reach it (none when refused).
#include "apptestsupport.h"
#include "refusinggateway.h"
#include "session/gatewaypolicy.h"

#include <QDir>
#include <QEventLoop>
#include <QFile>
#include <QTemporaryDir>
#include <QTimer>
#include <catch2/catch.hpp>

using namespace Qt::StringLiterals;
using app::GatewayPolicy;

namespace {

const QDir kData(QStringLiteral(PMPROXY_TEST_DATA_DIR));

// Runs pmproxy ARGS to its end while this event loop serves the refusing gateway.
apptest::Result runServing(const QStringList &args, const QProcessEnvironment &env) {
    QProcess process;
    process.setProcessEnvironment(env);
    QEventLoop loop;
    QObject::connect(&process, &QProcess::finished, &loop, &QEventLoop::quit);
    QTimer::singleShot(60000, &loop, &QEventLoop::quit);
    process.start(apptest::program(), args);
    loop.exec();
    apptest::Result r;
    r.finished = process.state() == QProcess::NotRunning;
    apptest::end(process);
    r.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    r.out = QString::fromUtf8(process.readAllStandardOutput());
    r.err = QString::fromUtf8(process.readAllStandardError());
    return r;
}

void writeConf(const QString &dir, const QByteArray &content) {
    QDir().mkpath(dir + u"/pmproxy"_s);
    QFile f(dir + u"/pmproxy/pmproxy.conf"_s);
    REQUIRE(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
    f.write(content);
}

pc::HostPort gw(const QString &host, quint16 port = 443) {
    return pc::HostPort{host, port};
}

} // namespace

TEST_CASE("gateway patterns: exact hosts, *. for one or more labels, optional ports") {
    CHECK(GatewayPolicy::matches(u"gw1.example.com", gw(u"gw1.example.com"_s)));
    CHECK(GatewayPolicy::matches(u"GW1.Example.com", gw(u"gw1.example.com."_s, 8443)));
    CHECK_FALSE(GatewayPolicy::matches(u"gw1.example.com", gw(u"gw2.example.com"_s)));
    CHECK_FALSE(GatewayPolicy::matches(u"gw1.example.com", gw(u"gw1.example.com.evil.net"_s)));

    CHECK(GatewayPolicy::matches(u"*.gw.example.com", gw(u"a.gw.example.com"_s)));
    CHECK(GatewayPolicy::matches(u"*.gw.example.com", gw(u"a.b.GW.example.com"_s)));
    CHECK_FALSE(GatewayPolicy::matches(u"*.gw.example.com", gw(u"gw.example.com"_s)));
    CHECK_FALSE(GatewayPolicy::matches(u"*.gw.example.com", gw(u"agw.example.com"_s)));
    CHECK_FALSE(GatewayPolicy::matches(u"*.gw.example.com", gw(u"a.gw.example.com.evil.net"_s)));

    CHECK(GatewayPolicy::matches(u"gw1.example.com:8443", gw(u"gw1.example.com"_s, 8443)));
    CHECK_FALSE(GatewayPolicy::matches(u"gw1.example.com:8443", gw(u"gw1.example.com"_s)));
    CHECK(GatewayPolicy::matches(u"*.example.com:443", gw(u"gw1.example.com"_s)));
    CHECK(GatewayPolicy::matches(u"127.0.0.1", gw(u"127.0.0.1"_s, 1)));
    CHECK(GatewayPolicy::matches(u"[2001:db8::1]:8443", gw(u"2001:db8:0::1"_s, 8443)));
    CHECK_FALSE(GatewayPolicy::matches(u"*.0.0.1", gw(u"127.0.0.1"_s)));

    for (const QString &bad : {u"gw*.example.com"_s, u"*"_s, u"*."_s, u"a.*.com"_s,
                               u"gw.example.com:0"_s, u"gw.example.com:x"_s, u"http://gw"_s}) {
        INFO(bad.toStdString());
        CHECK_FALSE(GatewayPolicy::isValidPattern(bad));
        CHECK_FALSE(GatewayPolicy::matches(bad, gw(u"gw.example.com"_s)));
    }
}

TEST_CASE("each configuration file with a gateways list must allow the gateway") {
    QTemporaryDir dir;
    const QString system = dir.filePath(u"etc"_s), user = dir.filePath(u"home"_s);
    const QStringList files{system + u"/pmproxy/pmproxy.conf"_s, user + u"/pmproxy/pmproxy.conf"_s};
    CHECK_FALSE(GatewayPolicy::fromFiles(files).isRestricted()); // no files: any gateway

    writeConf(system, "[General]\ngateways=*.gw.example.com, gw9.example.net\n");
    GatewayPolicy policy = GatewayPolicy::fromFiles(files);
    CHECK(policy.refusal(gw(u"a.gw.example.com"_s)).isEmpty());
    CHECK(policy.refusal(gw(u"gw9.example.net"_s)).isEmpty());
    const QString why = policy.refusal(gw(u"evil.example.org"_s, 8443));
    CHECK(why.contains(u"evil.example.org:8443"_s));
    CHECK(why.contains(files[0]));

    // The user's list narrows the system's; it never widens it.
    writeConf(user, "gateways=a.gw.example.com, evil.example.org\n");
    policy = GatewayPolicy::fromFiles(files);
    CHECK(policy.refusal(gw(u"a.gw.example.com"_s)).isEmpty());
    CHECK(policy.refusal(gw(u"b.gw.example.com"_s)).contains(files[1]));
    CHECK(policy.refusal(gw(u"evil.example.org"_s)).contains(files[0]));

    // Present but empty: nothing is allowed. A file without the key says nothing.
    writeConf(user, "gateways=\n");
    CHECK_FALSE(GatewayPolicy::fromFiles(files).refusal(gw(u"a.gw.example.com"_s)).isEmpty());
    writeConf(user, "[General]\nother=1\n");
    CHECK(GatewayPolicy::fromFiles(files).refusal(gw(u"a.gw.example.com"_s)).isEmpty());

    // The XDG locations: $XDG_CONFIG_DIRS entries, then $XDG_CONFIG_HOME.
    qputenv("XDG_CONFIG_DIRS", QFile::encodeName(system));
    qputenv("XDG_CONFIG_HOME", QFile::encodeName(user));
    CHECK(GatewayPolicy::configurationFiles() == files);
    qunsetenv("XDG_CONFIG_DIRS");
    qunsetenv("XDG_CONFIG_HOME");
}

TEST_CASE("an https link whose token names another gateway exits 2 and dials nothing") {
    RefusingGateway gateway("not expected");
    REQUIRE(gateway.ok());
    const QString upstream = u"127.0.0.1:%1"_s.arg(gateway.port());
    const QString token = apptest::mintToken({{u"upstream"_s, upstream}});
    QTemporaryDir runtime;
    const auto env = apptest::baseEnvironment(runtime.path());
    const QString ca = kData.filePath(u"gateway.pem"_s);
    QTemporaryDir out;
    const QString link = u"https://gw.example.com/gpsession?token="_s + token;
    const QList<QStringList> runs = {
        {u"--headless"_s, u"--gateway-ca"_s, ca, link},
        {u"--screenshot"_s, out.filePath(u"x.png"_s), u"--gateway-ca"_s, ca, link},
        {u"--gateway-ca"_s, ca, link}, // window mode: refused before any window opens
        // The port counts too: no port in the link is 443.
        {u"--headless"_s, u"--gateway-ca"_s, ca, u"https://127.0.0.1/gpsession?token="_s + token},
    };
    for (const QStringList &args : runs) {
        INFO(args.join(u' ').toStdString());
        const auto r = runServing(args, env);
        INFO(r.err.toStdString());
        REQUIRE(r.finished);
        CHECK(r.exitCode == 2);
        CHECK(r.err.contains(upstream));
        CHECK(r.err.contains(u"gateway"_s));
        CHECK(r.out.isEmpty());
    }
    CHECK(gateway.requests() == 0);
    CHECK_FALSE(QFile::exists(out.filePath(u"x.png"_s)));

    // The link's own gateway (host and port) is dialled: it refuses the token (exit 4).
    const auto r = runServing({u"--headless"_s, u"--gateway-ca"_s, ca,
                               u"https://%1/gpsession?token=%2"_s.arg(upstream, token)},
                              env);
    INFO(r.err.toStdString());
    CHECK(r.exitCode == 4);
    CHECK(gateway.requests() >= 1);
}

TEST_CASE("the gateways setting refuses any other gateway with exit 2 naming it") {
    RefusingGateway gateway("not expected");
    REQUIRE(gateway.ok());
    const QString upstream = u"127.0.0.1:%1"_s.arg(gateway.port());
    const QString token = apptest::mintToken({{u"upstream"_s, upstream}});
    QTemporaryDir dir;
    const QString system = dir.filePath(u"etc-xdg"_s), user = dir.filePath(u"config"_s);
    QProcessEnvironment env = apptest::baseEnvironment(dir.path());
    env.insert(u"XDG_CONFIG_DIRS"_s, system);
    env.insert(u"XDG_CONFIG_HOME"_s, user);
    const QString ca = kData.filePath(u"gateway.pem"_s);
    const QStringList headless{u"--headless"_s, u"--gateway-ca"_s, ca, token};

    struct Case {
        QByteArray systemConf, userConf;
        QString refusedBy; // "" : allowed
    };
    const QString systemFile = system + u"/pmproxy/pmproxy.conf"_s;
    const QString userFile = user + u"/pmproxy/pmproxy.conf"_s;
    const QList<Case> cases = {
        {"[General]\ngateways=*.gw.example.com\n", {}, systemFile},
        {"gateways=127.0.0.1:1\n", {}, systemFile},                          // another port
        {"gateways=\n", {}, systemFile},                                     // empty: none
        {"gateways=*.gw.example.com\n", "gateways=127.0.0.1\n", systemFile}, // no widening
        {"gateways=127.0.0.1, *.gw.example.com\n", "gateways=a.gw.example.com\n", userFile},
        {{}, "[General]\ngateways=gw1.example.com\n", userFile},
    };
    for (const Case &c : cases) {
        QDir(system).removeRecursively();
        QDir(user).removeRecursively();
        if (!c.systemConf.isEmpty())
            writeConf(system, c.systemConf);
        if (!c.userConf.isEmpty())
            writeConf(user, c.userConf);
        INFO("system: " << c.systemConf.toStdString() << "user: " << c.userConf.toStdString());
        const int before = gateway.requests();
        const auto r = runServing(headless, env);
        INFO(r.err.toStdString());
        REQUIRE(r.finished);
        CHECK(r.exitCode == 2);
        CHECK(r.err.contains(u"The gateway %1 is not one of the allowed gateways"_s.arg(upstream)));
        CHECK(r.err.contains(c.refusedBy));
        CHECK(gateway.requests() == before); // nothing was dialled
    }

    // Allowed by both lists: dialled (the gateway then refuses the token: exit 4).
    writeConf(system, "gateways=127.0.0.1, *.gw.example.com\n");
    writeConf(user, "gateways=127.0.0.1:" + QByteArray::number(gateway.port()) + "\n");
    const auto r = runServing(headless, env);
    INFO(r.err.toStdString());
    CHECK(r.exitCode == 4);
    CHECK(gateway.requests() >= 1);
}
