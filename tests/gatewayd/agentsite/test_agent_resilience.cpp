// Issue 10's hard cases through an agent, with real processes: the agent's connection to
// the gateway reset mid-console, or its network gone for longer than the heartbeat (the
// tunnel session resumes within the grace period: the console's WebSocket goes on); the
// agent process killed and started again (its BMC connections died with it: the console
// ends, and a new request and a new console work once the agent is back); gatewayd
// restarted (the agent reconnects by itself and the next request works).
#include "agentsite.h"
#include "bmcsim/testpattern.h"
#include "browserflow.h"
#include "httpsclient.h"
#include "waitfor.h"

#include <QDateTime>
#include <catch2/catch.hpp>

using namespace Qt::StringLiterals;
using flowtest::FlowOutcome;

namespace {

// The generic BMC's walk through the gateway with a token naming the agent, to a live
// console.
FlowOutcome consoleThroughAgent(AgentSite &world) {
    GatewayFixture &gw = world.gw();
    const bmcsim::test::Endpoint gateway{gw.gatewayPort(),
                                         bmcsim::test::trusting(gw.certificate())};
    return flowtest::walkPlatform(u"generic"_s, gateway, "/gpsession?token=" + world.mint(),
                                  "pm-session");
}

// A new login and GET /redfish/v1 through the agent: the BMC's answer's status.
int nextRequest(AgentSite &world) {
    const QByteArray cookies = world.gw().login(world.mint());
    if (cookies.isEmpty())
        return 0;
    return testsupport::httpsGet(world.gw().gatewayPort(), "/redfish/v1",
                                 "Cookie: " + cookies + "\r\n")
        .status;
}

// The console goes on where it was: the frames held back during an outage come first,
// every one of them in order (none lost, none twice), then input sent now is echoed.
void expectConsoleGoesOn(bmcsim::test::ConsoleProbe &probe) {
    namespace pattern = bmcsim::pattern;
    const QByteArray input = QByteArrayLiteral("\x02Kresume");
    probe.send(input);
    std::optional<quint32> last;
    for (int i = 0; i < 100000; ++i) {
        const auto message = probe.next();
        REQUIRE(message);
        if (quint8(message->at(0)) == pattern::kInputEcho) {
            CHECK(message->mid(1) == input.mid(1));
            CHECK(last);
            return;
        }
        const auto number = pattern::verifyFrame(*message);
        REQUIRE(number);
        if (last && *number != *last + 1)
            FAIL("frame " << *number << " after frame " << *last);
        last = number;
    }
    FAIL("no echo of the input");
}

} // namespace

TEST_CASE("agent resilience: a reset connection resumes, the console goes on", "[agent]") {
    SKIP_WITHOUT_NETNS();
    AgentSite world;
    REQUIRE_AGENT_SITE(world);
    FlowOutcome walk = consoleThroughAgent(world);
    INFO(walk.describe() << "\n" << world.diagnostics());
    REQUIRE(walk.ok());
    bmcsim::test::expectPatternAndEcho(*walk.console);

    for (int cut = 0; cut < 2; ++cut) {
        INFO("cut " << cut);
        REQUIRE(
            world.site().resetConnections(world.site().hostAddress(), world.gw().gatewayPort()));
        REQUIRE(world.waitForAgent(true));
        CHECK_FALSE(walk.console->closed());
        expectConsoleGoesOn(*walk.console);
    }
    CHECK(world.site().running(world.agent()));
}

TEST_CASE("agent resilience: the site's network gone past the heartbeat, the console resumes",
          "[agent]") {
    SKIP_WITHOUT_NETNS();
    AgentSite world;
    REQUIRE_AGENT_SITE(world);
    FlowOutcome walk = consoleThroughAgent(world);
    INFO(walk.describe() << "\n" << world.diagnostics());
    REQUIRE(walk.ok());
    bmcsim::test::expectPatternAndEcho(*walk.console);

    REQUIRE(world.site().setLinkUp(false));
    // The gateway notices the silence (heartbeat) and holds the session for its grace.
    CHECK(world.waitForAgent(false, 40000));
    REQUIRE(world.site().setLinkUp(true));
    REQUIRE(world.waitForAgent(true, 40000));
    CHECK_FALSE(walk.console->closed());
    expectConsoleGoesOn(*walk.console);
}

TEST_CASE("agent resilience: a killed agent started again serves new requests and consoles",
          "[agent]") {
    SKIP_WITHOUT_NETNS();
    AgentSite world;
    REQUIRE_AGENT_SITE(world);
    FlowOutcome walk = consoleThroughAgent(world);
    INFO(walk.describe() << "\n" << world.diagnostics());
    REQUIRE(walk.ok());
    bmcsim::test::expectPatternAndEcho(*walk.console);

    world.site().stop(world.agent(), true); // SIGKILL: its BMC connections are gone
    REQUIRE(world.waitForAgent(false));
    // Meanwhile a request fails, naming the agent as unavailable (the gateway holds the
    // agent's session for its grace period, so the request may wait for a resume that
    // does not come; it is the agent that is away, not the BMC that is slow: never 504).
    const auto meanwhile = testsupport::httpsGet(world.gw().gatewayPort(), "/redfish/v1",
                                                 GatewayFixture::cookieHeader(world.mint()));
    INFO("meanwhile: " << meanwhile.body.toStdString());
    CHECK(meanwhile.status == 502);
    CHECK(meanwhile.json().value(u"error"_s).toString() == u"agent_unavailable"_s);
    CHECK(meanwhile.json().value(u"detail"_s).toString().contains(u"agent site-a"_s));

    REQUIRE(world.startAgent() >= 0);
    REQUIRE(world.waitForAgent(true));
    // The console the user had ends (its BMC connection died with the old agent) ...
    CHECK(walk.console->waitClosed(45000));
    // ... and what the user does next works: a request, and the console opened again.
    CHECK(nextRequest(world) == 200);
    FlowOutcome again = consoleThroughAgent(world);
    INFO(again.describe());
    REQUIRE(again.ok());
    bmcsim::test::expectPatternAndEcho(*again.console);
}

TEST_CASE("agent resilience: after gatewayd restarts, the agent reconnects by itself", "[agent]") {
    SKIP_WITHOUT_NETNS();
    AgentSite world;
    REQUIRE_AGENT_SITE(world);
    REQUIRE(nextRequest(world) == 200);
    const quint16 port = world.gw().gatewayPort();

    REQUIRE(world.gw().restartGateway());
    REQUIRE(world.gw().gatewayPort() == port); // the agent dials a fixed URL
    const bool back = world.waitForAgent(true, 60000);
    INFO(world.diagnostics());
    REQUIRE(back);
    CHECK(nextRequest(world) == 200);
    CHECK(world.site().running(world.agent()));
}
