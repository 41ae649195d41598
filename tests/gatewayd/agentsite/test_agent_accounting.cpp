// Issue 10: bytes that went through an agent are accounted: the traffic records say path
// "agent" and the agent's id, GET /api/v1/agents and /metrics count the agent's bytes,
// each within 1 % of what was transferred (the BMC connection's TLS and the heads are
// the difference).
#include "agentsite.h"
#include "httpsclient.h"

#include <QJsonDocument>
#include <catch2/catch.hpp>

using namespace Qt::StringLiterals;

namespace {

constexpr qint64 kDown = 32 << 20;
constexpr qint64 kUp = 8 << 20;

bool within1Percent(double measured, double expected) {
    return measured >= expected * 0.99 && measured <= expected * 1.01;
}

// Logs in with a token of JTI, then kDown bytes down and kUp up through the agent; BEFORE
// gets the agent's entry in /api/v1/agents after the login, before the transfers.
void transfer(AgentSite &world, const QString &jti, QJsonObject *before) {
    GatewayFixture &gw = world.gw();
    const QByteArray cookies = gw.login(world.mint({{u"jti"_s, jti}}));
    INFO(world.diagnostics());
    REQUIRE_FALSE(cookies.isEmpty());
    *before = world.agentEntry();
    const auto down = testsupport::httpsGet(gw.gatewayPort(),
                                            "/vmedia/download?size=" + QByteArray::number(kDown),
                                            "Cookie: " + cookies + "\r\n", 120000);
    REQUIRE(down.status == 200);
    REQUIRE(down.body.size() == kDown);
    const auto up = testsupport::httpsExchange(
        gw.gatewayPort(),
        "PUT /vmedia/upload HTTP/1.1\r\nHost: localhost\r\nCookie: " + cookies +
            "\r\nContent-Type: application/octet-stream\r\nContent-Length: " +
            QByteArray::number(kUp) + "\r\n\r\n" + QByteArray(kUp, 'u'),
        120000);
    REQUIRE(up.status == 200);
    REQUIRE(up.json().value(u"bytes"_s).toInteger() == kUp);
}

} // namespace

TEST_CASE("agent accounting: traffic records say path agent, the agent and the bytes", "[agent]") {
    SKIP_WITHOUT_NETNS();
    AgentSite world;
    REQUIRE_AGENT_SITE(world);
    QJsonObject before;
    transfer(world, u"via-agent"_s, &before);

    // GET /api/v1/traffic flushes before answering.
    const auto reply = world.api().get(u"/api/v1/traffic?since=0"_s);
    REQUIRE(reply.status == 200);
    double recordedUp = 0, recordedDown = 0;
    int records = 0;
    for (const QJsonValue &v : reply.json().array()) {
        const QJsonObject r = v.toObject();
        if (r.value(u"jti"_s).toString() != u"via-agent"_s)
            continue;
        ++records;
        CHECK(r.value(u"path"_s).toString() == u"agent"_s);
        CHECK(r.value(u"agent"_s).toString() == QString::fromLatin1(AgentSite::kAgentId));
        CHECK(r.value(u"ip"_s).toString() == world.site().bmcAddress());
        recordedUp += r.value(u"bytesUp"_s).toDouble();
        recordedDown += r.value(u"bytesDown"_s).toDouble();
    }
    INFO("records " << records << ": up " << recordedUp << ", down " << recordedDown);
    CHECK(records > 0);
    CHECK(within1Percent(recordedDown, double(kDown)));
    CHECK(within1Percent(recordedUp, double(kUp)));
}

// The BMC connection through the agent goes back to the gateway's pool after the login:
// the transfers on the reused connection must count too.
TEST_CASE("agent accounting: GET /api/v1/agents and /metrics count the agent's bytes", "[agent]") {
    SKIP_WITHOUT_NETNS();
    AgentSite world;
    REQUIRE_AGENT_SITE(world);
    QJsonObject before;
    transfer(world, u"via-agent"_s, &before);

    // What crossed the agent toward the BMC and back during the transfers.
    const QJsonObject after = world.agentEntry();
    INFO("agent before " << QJsonDocument(before).toJson(QJsonDocument::Compact).toStdString()
                         << " after "
                         << QJsonDocument(after).toJson(QJsonDocument::Compact).toStdString());
    const double agentUp =
        after.value(u"bytesUp"_s).toDouble() - before.value(u"bytesUp"_s).toDouble();
    const double agentDown =
        after.value(u"bytesDown"_s).toDouble() - before.value(u"bytesDown"_s).toDouble();
    CHECK(within1Percent(agentDown, double(kDown)));
    CHECK(within1Percent(agentUp, double(kUp)));
    const auto agentMetric = [&](const QString &direction) {
        return world.metric(
            u"gatewayd_agent_bytes_total"_s,
            {{u"agent"_s, QString::fromLatin1(AgentSite::kAgentId)}, {u"direction"_s, direction}});
    };
    CHECK(within1Percent(agentMetric(u"down"_s), after.value(u"bytesDown"_s).toDouble()));
    CHECK(within1Percent(agentMetric(u"up"_s), after.value(u"bytesUp"_s).toDouble()));
}
