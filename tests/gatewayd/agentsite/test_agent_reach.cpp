// Issue 10: a token whose `agent` claim names a connected agent reaches the site's BMC
// through it (the gateway cannot reach it itself: test_agent_isolation), GET
// /api/v1/agents lists the agent, and the agent enforces its own --allow.
#include "agentsite.h"
#include "httpsclient.h"

#include <QDateTime>
#include <catch2/catch.hpp>

using namespace Qt::StringLiterals;

TEST_CASE("agent: a token naming the agent reaches the site's BMC, the API lists the agent",
          "[agent]") {
    SKIP_WITHOUT_NETNS();
    const qint64 started = QDateTime::currentSecsSinceEpoch();
    AgentSite world;
    REQUIRE_AGENT_SITE(world);
    GatewayFixture &gw = world.gw();

    const QByteArray cookies = gw.login(world.mint());
    INFO(world.diagnostics());
    REQUIRE_FALSE(cookies.isEmpty());
    const auto root =
        testsupport::httpsGet(gw.gatewayPort(), "/redfish/v1", "Cookie: " + cookies + "\r\n");
    CHECK(root.status == 200);
    CHECK(root.json().value(u"Vendor"_s).toString() == u"OpenBMC"_s);

    const QJsonObject agent = world.agentEntry();
    INFO(QJsonDocument(world.agents()).toJson().toStdString());
    REQUIRE_FALSE(agent.isEmpty());
    CHECK(agent.value(u"remoteAddress"_s).toString().contains(world.site().siteAddress()));
    CHECK(agent.value(u"connectedSince"_s).toInteger() >= started);
    CHECK(agent.value(u"lastSeen"_s).toInteger() >= agent.value(u"connectedSince"_s).toInteger());
    CHECK(agent.value(u"openStreams"_s).isDouble());
    CHECK(agent.value(u"bytesUp"_s).toInteger() > 0);
    CHECK(agent.value(u"bytesDown"_s).toInteger() > 0);
    CHECK(world.metric(u"gatewayd_agents_connected"_s) == 1);
}

TEST_CASE("agent: a target outside the agent's --allow is refused by the agent", "[agent]") {
    SKIP_WITHOUT_NETNS();
    AgentSite world; // --allow: the BMC's address only
    REQUIRE_AGENT_SITE(world);
    // Inside the gateway's targets.allow, outside the agent's.
    const QString other = world.site().bmcAddress().section(u'.', 0, 2) + u".6"_s;
    const auto reply =
        testsupport::httpsGet(world.gw().gatewayPort(), "/redfish/v1",
                              GatewayFixture::cookieHeader(world.mint({{u"ip"_s, other}})));
    INFO(reply.body.toStdString() << "\n" << world.diagnostics());
    CHECK(reply.status == 403);
    CHECK(reply.json().value(u"error"_s).toString() == u"agent_refused"_s);
}

TEST_CASE("agent: a token naming an agent that is not connected gets 502 agent_unavailable",
          "[agent]") {
    SKIP_WITHOUT_NETNS();
    AgentSite::Options options;
    options.startAgent = false;
    AgentSite world(options);
    REQUIRE_AGENT_SITE(world);
    const auto reply = testsupport::httpsGet(world.gw().gatewayPort(), "/redfish/v1",
                                             GatewayFixture::cookieHeader(world.mint()));
    INFO(reply.body.toStdString());
    CHECK(reply.status == 502);
    CHECK(reply.json().value(u"error"_s).toString() == u"agent_unavailable"_s);
}
