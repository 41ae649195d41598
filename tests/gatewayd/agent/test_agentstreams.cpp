// `gatewayd agent` answering the CONNECT streams a gateway opens (docs/agents-protocol.md,
// "Streams"): a real agent process dials a fake gateway in this process, which opens
// streams toward BMC stand-ins on 127.0.0.1.
#include "agentfixture.h"
#include "bmcsim/bmcserver.h"
#include "plainhttp.h"
#include "tlsecho.h"
#include "waitfor.h"

#include <QTcpServer>
#include <catch2/catch.hpp>

using namespace agenttest;
using namespace Qt::StringLiterals;
using testsupport::waitFor;

namespace {

const QStringList kAllowLoopback{u"--allow"_s, u"127.0.0.1/32"_s};

QByteArray target(quint16 port, const char *host = "127.0.0.1") {
    return QByteArray(host) + ':' + QByteArray::number(port);
}

QByteArray pinOf(const QSslCertificate &certificate) {
    return "pin-sha256=" + certificate.digest(QCryptographicHash::Sha256).toHex();
}

} // namespace

TEST_CASE("agent: bytes round-trip to a TLS BMC, certificate unchecked or pinned") {
    AgentFixture f;
    TlsEcho bmc;
    REQUIRE(bmc.ok());
    REQUIRE(f.start(kAllowLoopback));
    CHECK(f.gateway.upgrades().constFirst().verified);

    for (const QByteArray &tls : {QByteArray("none"), pinOf(bmc.certificate())}) {
        INFO(tls.toStdString());
        pc::TunnelStream *stream = f.gateway.openConnect(target(bmc.port()), tls);
        REQUIRE(waitFor([&] { return answered(stream); }));
        REQUIRE(statusOf(stream) == 200);
        CHECK(exchange(stream, "hello through the agent", 23) == "hello through the agent");
        CHECK(exchange(stream, QByteArray(100000, 'x'), 100000) == QByteArray(100000, 'x'));
        stream->finish();
        readToEnd(stream);
        CHECK(stream->isRemoteFinished());
        CHECK_FALSE(stream->error());
    }
    CHECK(bmc.connections() == 2);
}

TEST_CASE("agent: a real HTTP exchange with an emulated BMC through a stream") {
    AgentFixture f;
    bmcsim::BmcServer bmc(bmcsim::ServerOptions::of(bmcsim::Platform::Generic));
    const auto port = bmc.listen();
    REQUIRE(port.hasValue());
    REQUIRE(f.start(kAllowLoopback));

    pc::TunnelStream *stream = f.gateway.openConnect(target(*port));
    REQUIRE(waitFor([&] { return answered(stream); }));
    REQUIRE(statusOf(stream) == 200);
    stream->write("GET /redfish/v1 HTTP/1.1\r\nHost: " + target(*port) +
                  "\r\nConnection: close\r\n\r\n");
    const QByteArray response = readToEnd(stream);
    CHECK(response.startsWith("HTTP/1.1 200"));
    CHECK(response.contains("\"RedfishVersion\""));
}

TEST_CASE("agent: a certificate that does not match the pin, or a self-signed one under "
          "system trust, is 502 bmc_unreachable") {
    AgentFixture f;
    TlsEcho bmc;
    REQUIRE(bmc.ok());
    REQUIRE(f.start(kAllowLoopback));

    const QByteArray wrongPin = "pin-sha256=" + QByteArray(64, '0');
    for (const QByteArray &tls : {wrongPin, QByteArray("system")}) {
        INFO(tls.toStdString());
        pc::TunnelStream *stream = f.gateway.openConnect(target(bmc.port()), tls);
        REQUIRE(waitFor([&] { return answered(stream); }));
        CHECK(statusOf(stream) == 502);
        CHECK(errorOf(stream) == "bmc_unreachable");
        CHECK(detailOf(stream).contains(target(bmc.port())));
        CHECK(readToEnd(stream).isEmpty());
    }
}

TEST_CASE("agent: a target outside --allow is 403 agent_refused and nothing connects") {
    AgentFixture f;
    TlsEcho bmc;
    REQUIRE(bmc.ok());
    REQUIRE(f.start({u"--allow"_s, u"127.0.0.2/32"_s, u"--allow"_s, u"10.0.0.0/8"_s}));

    pc::TunnelStream *literal = f.gateway.openConnect(target(bmc.port()));
    pc::TunnelStream *name = f.gateway.openConnect(target(bmc.port(), "localhost"));
    REQUIRE(waitFor([&] { return answered(literal) && answered(name); }));
    CHECK(statusOf(literal) == 403);
    CHECK(errorOf(literal) == "agent_refused");
    CHECK(detailOf(literal).contains("127.0.0.1"));
    CHECK(statusOf(name) == 403);
    CHECK(errorOf(name) == "agent_refused");
    CHECK(detailOf(name).startsWith("localhost resolves to "));
    CHECK(readToEnd(literal).isEmpty());
    CHECK(bmc.connections() == 0);
}

TEST_CASE("agent: a closed port is 502 bmc_unreachable, a silent BMC 504 bmc_timeout") {
    AgentFixture f;
    QTcpServer silent; // accepts and never answers the TLS handshake
    REQUIRE(silent.listen(QHostAddress::LocalHost, 0));
    quint16 closedPort = 0;
    {
        QTcpServer probe;
        REQUIRE(probe.listen(QHostAddress::LocalHost, 0));
        closedPort = probe.serverPort();
    }
    REQUIRE(f.start(kAllowLoopback));

    pc::TunnelStream *closed = f.gateway.openConnect(target(closedPort));
    pc::TunnelStream *hangs = f.gateway.openConnect(target(silent.serverPort()), "none", 1500);
    REQUIRE(waitFor([&] { return answered(closed); }));
    CHECK(statusOf(closed) == 502);
    CHECK(errorOf(closed) == "bmc_unreachable");
    CHECK(detailOf(closed).contains(target(closedPort)));
    // The agent answers before the gateway's own deadline (1500 ms), so its reason wins.
    QElapsedTimer clock;
    clock.start();
    REQUIRE(waitFor([&] { return answered(hangs); }, 5000));
    CHECK(statusOf(hangs) == 504);
    CHECK(errorOf(hangs) == "bmc_timeout");
    CHECK(clock.elapsed() < 1500);
}

TEST_CASE("agent: 'published' reaches the --publish service, allowed without --allow") {
    AgentFixture f;
    PlainHttp service;
    REQUIRE(service.ok());
    const QString url = u"http://127.0.0.1:%1/"_s.arg(service.port());
    REQUIRE(f.start({u"--allow"_s, u"10.0.0.0/8"_s, u"--publish"_s, url}));
    CHECK(f.gateway.upgrades().constLast().publish == url.toUtf8());

    pc::TunnelStream *stream = f.gateway.openConnect("published", {});
    REQUIRE(waitFor([&] { return answered(stream); }));
    REQUIRE(statusOf(stream) == 200);
    stream->write("GET /status HTTP/1.1\r\nHost: site-a.agents.example\r\n\r\n");
    const QByteArray response = readToEnd(stream);
    CHECK(response.startsWith("HTTP/1.1 200 OK\r\n"));
    CHECK(response.endsWith("\r\n\r\npublished /status\n"));
    REQUIRE(service.requests().size() == 1);
    CHECK(service.requests().constFirst().startsWith("GET /status HTTP/1.1\r\n"));
}

TEST_CASE("agent: without --publish 'published' is 404, malformed requests 400") {
    AgentFixture f;
    REQUIRE(f.start(kAllowLoopback));
    CHECK(f.gateway.upgrades().constLast().publish.isEmpty());

    pc::TunnelStream *published = f.gateway.openConnect("published", {});
    pc::TunnelStream *badTarget = f.gateway.openConnect("127.0.0.1");
    pc::TunnelStream *badTls = f.gateway.openConnect("127.0.0.1:443", "sometimes");
    pc::HttpRequestHead get;
    get.method = "GET";
    get.target = "127.0.0.1:443";
    pc::TunnelStream *notConnect = f.gateway.session()->openStream(pc::TunnelStreamKind::Http, get);
    REQUIRE(waitFor([&] {
        return answered(published) && answered(badTarget) && answered(badTls) &&
               answered(notConnect);
    }));
    CHECK(statusOf(published) == 404);
    CHECK(errorOf(published) == "agent_no_publish");
    for (pc::TunnelStream *stream : {badTarget, badTls, notConnect}) {
        CHECK(statusOf(stream) == 400);
        CHECK(errorOf(stream) == "bad_request");
        CHECK_FALSE(detailOf(stream).isEmpty());
    }
    // The agent's session is unharmed.
    CHECK(f.gateway.attached());
    CHECK(f.agent->running());
}
