// The agents' endpoint of a real gatewayd process: every refusal has its own reason (in
// the status, the log and /metrics), and tokens naming an agent are never served from the
// gateway's own networks.
#include "agent/agentproof.h"
#include "apiclient.h"
#include "gatewayfixture.h"
#include "httpsclient.h"

#include <QDateTime>
#include <QFile>
#include <QJsonArray>
#include <QTemporaryDir>
#include <catch2/catch.hpp>

using namespace Qt::StringLiterals;
using testsupport::httpsExchange;
using testsupport::httpsGet;

namespace {

const QByteArray kSecret = "site-a-secret-0123456789abcdef";

// A gateway that knows agent "site-a" (and no other).
struct AgentGateway {
    QTemporaryDir dir;
    std::unique_ptr<GatewayFixture> gw;

    AgentGateway() {
        const QString secretFile = dir.filePath(u"site-a.secret"_s);
        QFile f(secretFile);
        REQUIRE(f.open(QIODevice::WriteOnly));
        f.write(kSecret + '\n');
        f.close();
        GatewayFixture::Options options;
        options.platform = u"generic"_s;
        options.api = true;
        options.config = QJsonObject{
            {u"agents"_s,
             QJsonArray{QJsonObject{{u"id"_s, u"site-a"_s}, {u"secretFile"_s, secretFile}}}}};
        gw = std::make_unique<GatewayFixture>(options);
        REQUIRE(gw->ok());
    }
    ApiClient api() const { return ApiClient(gw->apiPort(), gw->apiToken()); }
};

QByteArray upgrade(const QByteArray &authorization) {
    return "GET /.pmproxy/agent HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n"
           "Connection: Upgrade\r\nSec-WebSocket-Version: 13\r\n"
           "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nAuthorization: " +
           authorization + "\r\n\r\n";
}

QByteArray proof(const QString &id, const QByteArray &secret, qint64 skew = 0,
                 const QString &gateway = u"127.0.0.1"_s) {
    return pc::AgentProof::make(id, secret, QDateTime::currentSecsSinceEpoch() + skew, gateway)
        .header();
}

qint64 metric(const QByteArray &metrics, const QByteArray &series) {
    for (const QByteArray &line : metrics.split('\n')) {
        if (line.startsWith(series + ' '))
            return line.mid(series.size() + 1).toLongLong();
    }
    return -1;
}

} // namespace

TEST_CASE("agents: the gateway refuses every bad proof with its own reason") {
    AgentGateway g;
    const quint16 port = g.gw->gatewayPort();
    struct Case {
        const char *what;
        QByteArray authorization;
        int status;
        QString error;
    };
    const QList<Case> cases = {
        {"no proof at all", "Bearer nothing", 400, u"agent_bad_proof"_s},
        {"an unknown id", proof(u"site-b"_s, kSecret), 401, u"agent_unknown"_s},
        {"a wrong secret", proof(u"site-a"_s, "another-secret-0123456789abcdef"), 401,
         u"agent_bad_signature"_s},
        {"a proof made for another gateway", proof(u"site-a"_s, kSecret, 0, u"gw2.example"_s), 401,
         u"agent_bad_signature"_s},
        {"a clock 2 minutes ahead", proof(u"site-a"_s, kSecret, 120), 401, u"agent_clock_skew"_s},
        {"a clock 2 minutes behind", proof(u"site-a"_s, kSecret, -120), 401, u"agent_clock_skew"_s},
    };
    for (const Case &c : cases) {
        INFO(c.what);
        const auto reply = httpsExchange(port, upgrade(c.authorization));
        CHECK(reply.status == c.status);
        CHECK(reply.json().value(u"error"_s).toString() == c.error);
        // The secret never appears in what the gateway says.
        CHECK_FALSE(reply.body.contains(kSecret));
    }

    // A valid proof is accepted once; the same proof again is a replay.
    const QByteArray good = proof(u"site-a"_s, kSecret);
    const auto first = httpsExchange(port, upgrade(good));
    CHECK(first.status == 101);
    const auto again = httpsExchange(port, upgrade(good));
    CHECK(again.status == 401);
    CHECK(again.json().value(u"error"_s).toString() == u"agent_replayed_nonce"_s);

    const QByteArray metrics = g.api().get(u"/metrics"_s).body;
    CHECK(metric(metrics, "gatewayd_agent_refusals_total{reason=\"agent_bad_proof\"}") == 1);
    CHECK(metric(metrics, "gatewayd_agent_refusals_total{reason=\"agent_unknown\"}") == 1);
    CHECK(metric(metrics, "gatewayd_agent_refusals_total{reason=\"agent_bad_signature\"}") == 2);
    CHECK(metric(metrics, "gatewayd_agent_refusals_total{reason=\"agent_clock_skew\"}") == 2);
    CHECK(metric(metrics, "gatewayd_agent_refusals_total{reason=\"agent_replayed_nonce\"}") == 1);
    const QByteArray log = g.gw->gatewayLog();
    CHECK(log.contains("agent_replayed_nonce"));
    CHECK_FALSE(log.contains(kSecret));
    CHECK_FALSE(log.contains(good.mid(good.indexOf("sig=") + 4)));
}

TEST_CASE("agents: a token naming an agent is never served from the gateway's own networks") {
    AgentGateway g;
    // The emulated BMC is inside targets.allow and reachable from the gateway, yet a token
    // naming an agent is served only through that agent.
    for (const QString &agent : {u"site-a"_s, u"site-unknown"_s}) {
        INFO(agent.toStdString());
        const auto reply =
            httpsGet(g.gw->gatewayPort(), "/redfish/v1",
                     GatewayFixture::cookieHeader(g.gw->mint({{u"agent"_s, agent}})));
        CHECK(reply.status == 502);
        CHECK(reply.json().value(u"error"_s).toString() == u"agent_unavailable"_s);
    }
    // The same BMC without the agent claim is served directly.
    CHECK(httpsGet(g.gw->gatewayPort(), "/redfish/v1", GatewayFixture::cookieHeader(g.gw->mint()))
              .status == 200);
    CHECK(g.api().get(u"/api/v1/agents"_s).json().array().isEmpty());
}
