// `gatewayd agent`'s connection to its gateway (docs/agents-protocol.md, "Connection"):
// a fresh proof per attempt, patience with a refusing gateway, resume after a cut, a new
// session when the gateway forgot the old one, and a bounded drain on SIGTERM.
#include "agentfixture.h"
#include "tlsecho.h"
#include "waitfor.h"

#include <QElapsedTimer>
#include <QFile>
#include <QSet>
#include <catch2/catch.hpp>

using namespace agenttest;
using namespace Qt::StringLiterals;
using testsupport::waitFor;

namespace {

const QStringList kAllowLoopback{u"--allow"_s, u"127.0.0.1/32"_s};

QByteArray echoTarget(const TlsEcho &bmc) {
    return "127.0.0.1:" + QByteArray::number(bmc.port());
}

// Every upgrade carried a valid proof, each with its own nonce.
void checkProofs(const FakeGateway &gateway) {
    QSet<QByteArray> nonces;
    for (const FakeGateway::Upgrade &upgrade : gateway.upgrades()) {
        CHECK(upgrade.verified);
        if (upgrade.proof)
            nonces.insert(upgrade.proof->nonce);
    }
    CHECK(nonces.size() == gateway.upgrades().size());
}

} // namespace

TEST_CASE("agent: keeps trying while the gateway refuses it, with a new proof each time") {
    AgentFixture f;
    f.gateway.refuseNext = 2; // e.g. its configuration does not list the agent yet
    REQUIRE(f.start(kAllowLoopback));
    CHECK(f.gateway.upgrades().size() == 3);
    checkProofs(f.gateway);
    CHECK(f.gateway.sessionsStarted() == 1);
    // The operator is told once what to check, never shown the proof.
    const QByteArray log = f.agent->log();
    CHECK(log.count("refuses this agent (HTTP 401)") == 1);
    CHECK_FALSE(log.contains("PMAgent"));
    CHECK_FALSE(log.contains(f.secret));
}

TEST_CASE("agent: one session per --gateway, each carrying its own streams") {
    AgentFixture f;
    FakeGateway second(u"site-a"_s, f.secret, &f.gateway); // --ca trusts both
    REQUIRE(second.ok());
    TlsEcho bmc;
    REQUIRE(bmc.ok());
    REQUIRE(f.start(kAllowLoopback +
                    QStringList{u"--gateway"_s, u"wss://127.0.0.1:%1"_s.arg(second.port())}));
    REQUIRE(waitFor([&] { return second.attached(); }, 15000));
    CHECK(second.upgrades().size() == 1);
    checkProofs(second);
    pc::TunnelStream *one = f.gateway.openConnect(echoTarget(bmc));
    pc::TunnelStream *two = second.openConnect(echoTarget(bmc));
    REQUIRE(waitFor([&] { return answered(one) && answered(two); }));
    CHECK(exchange(one, "via the first", 13) == "via the first");
    CHECK(exchange(two, "via the second", 14) == "via the second");
    // One gateway going away leaves the other's session alone.
    second.forgetSessions();
    CHECK(exchange(one, "still here", 10) == "still here");
}

TEST_CASE("agent: a session the gateway ends is replaced by a new one") {
    AgentFixture f;
    REQUIRE(f.start(kAllowLoopback));
    f.gateway.session()->close(u"the gateway is restarting"_s);
    REQUIRE(
        waitFor([&] { return f.gateway.sessionsStarted() == 2 && f.gateway.attached(); }, 15000));
    CHECK(f.gateway.upgrades().size() == 2);
    checkProofs(f.gateway);
    CHECK(f.agent->log().contains("starting a new one"));
}

TEST_CASE("agent: after a cut the agent reconnects and an open stream continues") {
    AgentFixture f;
    TlsEcho bmc;
    REQUIRE(bmc.ok());
    REQUIRE(f.start(kAllowLoopback));
    pc::TunnelStream *stream = f.gateway.openConnect(echoTarget(bmc));
    REQUIRE(waitFor([&] { return answered(stream); }));
    REQUIRE(statusOf(stream) == 200);
    CHECK(exchange(stream, "before the cut", 14) == "before the cut");

    f.gateway.cutConnections();
    REQUIRE(
        waitFor([&] { return f.gateway.sessionsResumed() == 1 && f.gateway.attached(); }, 15000));
    CHECK(f.gateway.upgrades().size() == 2);
    checkProofs(f.gateway);
    CHECK(exchange(stream, "after the cut", 13) == "after the cut");
    CHECK_FALSE(stream->error());
    CHECK(bmc.connections() == 1);
    CHECK(f.agent->log().contains("resumed"));
}

TEST_CASE("agent: a gateway that forgot the session gets a new one, and new streams work") {
    AgentFixture f;
    TlsEcho bmc;
    REQUIRE(bmc.ok());
    REQUIRE(f.start(kAllowLoopback));
    pc::TunnelSession *first = f.gateway.session();

    f.gateway.forgetSessions(); // a restarted gateway: the old session and its streams are gone
    REQUIRE(
        waitFor([&] { return f.gateway.sessionsStarted() == 2 && f.gateway.attached(); }, 15000));
    CHECK(f.gateway.session() != first);
    checkProofs(f.gateway);
    pc::TunnelStream *stream = f.gateway.openConnect(echoTarget(bmc));
    REQUIRE(waitFor([&] { return answered(stream); }));
    REQUIRE(statusOf(stream) == 200);
    CHECK(exchange(stream, "new session", 11) == "new session");
}

TEST_CASE("agent: SIGTERM refuses new streams, lets one in flight finish, exits 0") {
    AgentFixture f;
    TlsEcho bmc;
    REQUIRE(bmc.ok());
    REQUIRE(f.start(kAllowLoopback));
    pc::TunnelStream *inFlight = f.gateway.openConnect(echoTarget(bmc));
    REQUIRE(waitFor([&] { return answered(inFlight); }));
    REQUIRE(statusOf(inFlight) == 200);

    f.agent->terminate();
    REQUIRE(waitFor([&] { return f.agent->log().contains("shutting down"); }));
    pc::TunnelStream *late = f.gateway.openConnect(echoTarget(bmc));
    REQUIRE(waitFor([&] { return answered(late); }));
    CHECK(statusOf(late) == 503);
    CHECK(errorOf(late) == "agent_draining");
    // The stream in flight still works, and its end lets the agent go.
    CHECK(exchange(inFlight, "still here", 10) == "still here");
    CHECK(f.agent->running());
    inFlight->finish();
    QElapsedTimer clock;
    clock.start();
    CHECK(f.agent->waitForExit(5000) == 0);
    CHECK(clock.elapsed() < 5000);
}

TEST_CASE("agent: SIGTERM closes an idle connection (the BMC spoke last) and exits 0 at once") {
    AgentFixture f;
    TlsEcho bmc;
    REQUIRE(bmc.ok());
    REQUIRE(f.start(kAllowLoopback));
    // What a gateway keeps for reuse between two requests: the BMC's answer was the last.
    pc::TunnelStream *idle = f.gateway.openConnect(echoTarget(bmc));
    REQUIRE(waitFor([&] { return answered(idle); }));
    REQUIRE(statusOf(idle) == 200);
    CHECK(exchange(idle, "a request", 9) == "a request");

    QElapsedTimer clock;
    clock.start();
    f.agent->terminate();
    CHECK(f.agent->waitForExit(8000) == 0);
    CHECK(clock.elapsed() < 5000); // not the 10 s bound
    REQUIRE(waitFor([&] { return idle->isRemoteFinished(); }));
    CHECK_FALSE(idle->error()); // ended with a FIN, not a reset
}

TEST_CASE("agent: SIGTERM with a stream that does not end exits 0 within the drain bound") {
    AgentFixture f;
    TlsEcho bmc;
    REQUIRE(bmc.ok());
    REQUIRE(f.start(kAllowLoopback));
    pc::TunnelStream *inFlight = f.gateway.openConnect(echoTarget(bmc));
    REQUIRE(waitFor([&] { return answered(inFlight); }));
    REQUIRE(statusOf(inFlight) == 200);

    QElapsedTimer clock;
    clock.start();
    f.agent->terminate();
    CHECK(f.agent->waitForExit(15000) == 0);
    CHECK(clock.elapsed() < 13000); // 10 s of drain, then the sessions close
    REQUIRE(waitFor([&] { return inFlight->isRemoteFinished(); }));
}

TEST_CASE("agent: bad command lines exit 2 with one clear line") {
    QTemporaryDir dir;
    const QString good = dir.filePath(u"good.secret"_s);
    const QString shortSecret = dir.filePath(u"short.secret"_s);
    {
        QFile g(good);
        REQUIRE(g.open(QIODevice::WriteOnly));
        g.write("0123456789abcdef\n");
        QFile s(shortSecret);
        REQUIRE(s.open(QIODevice::WriteOnly));
        s.write("0123456789abcde \n\n"); // 15 bytes once trailing whitespace goes
    }
    const QStringList base{u"--gateway"_s, u"wss://gw.example:8443"_s, u"--id"_s, u"site-a"_s};
    const QStringList allow{u"--allow"_s, u"10.0.0.0/8"_s};
    struct Case {
        QStringList args;
        QString says;
    };
    const QList<Case> cases{
        {base + QStringList{u"--secret-file"_s, good}, u"--allow"_s},
        {base + QStringList{u"--secret-file"_s, shortSecret} + allow, u"16 bytes"_s},
        {base + QStringList{u"--secret-file"_s, dir.filePath(u"none"_s)} + allow,
         u"--secret-file"_s},
        {base + allow, u"--secret-file"_s},
        {QStringList{u"--id"_s, u"site-a"_s, u"--secret-file"_s, good} + allow, u"--gateway"_s},
        {QStringList{u"--gateway"_s, u"https://gw.example"_s, u"--id"_s, u"site-a"_s,
                     u"--secret-file"_s, good} +
             allow,
         u"wss://"_s},
        {QStringList{u"--gateway"_s, u"wss://gw.example"_s, u"--id"_s, u"-site"_s,
                     u"--secret-file"_s, good} +
             allow,
         u"--id"_s},
        {base + QStringList{u"--secret-file"_s, good, u"--allow"_s, u"10.1"_s}, u"10.1"_s},
        {base + QStringList{u"--secret-file"_s, good, u"--publish"_s, u"ftp://x"_s} + allow,
         u"--publish"_s},
        {base + QStringList{u"--secret-file"_s, good, u"--ca"_s, good} + allow, u"--ca"_s},
        {base + QStringList{u"--secret-file"_s, good, u"--frobnicate"_s} + allow, u"frobnicate"_s},
    };
    for (const Case &c : cases) {
        INFO(c.args.join(u' ').toStdString());
        const AgentProcess::Result result = AgentProcess::run(c.args);
        CHECK(result.exitCode == 2);
        CHECK(result.err.startsWith(u"gatewayd agent: "_s));
        CHECK(result.err.contains(c.says));
        CHECK(result.err.trimmed().count(u'\n') == 0);
    }
}
