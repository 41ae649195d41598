// Issue 10 through the app: `pmproxy --headless` with a link whose token names the agent
// prints a URL through which headless Chromium reaches each emulated BMC in the site and
// its live console: the app's tunnel to gatewayd, then the agent's to the BMC.
#include "agentsite.h"
#include "bmcsim/platformrules.h"
#include "browsercheck.h"
#include "cdpbrowser.h"
#include "consolewalk.h"
#include "headlessapp.h"
#include "pagechecks.h"

#include <catch2/catch.hpp>

using namespace Qt::StringLiterals;
using bmcsim::test::pages::Flow;
using testsupport::CdpBrowser;
namespace pages = bmcsim::test::pages;

TEST_CASE("agent chromium: pmproxy --headless reaches each BMC's live console via the agent",
          "[agent][chromium][app]") {
    SKIP_WITHOUT_NETNS();
    const Flow flow = GENERATE(from_range(pages::flows()));
    const QString platform = bmcsim::platformName(flow.platform);
    INFO("platform " << platform.toStdString());
    AgentSite::Options options;
    options.platform = platform;
    AgentSite world(options);
    REQUIRE_AGENT_SITE(world);

    apptest::HeadlessApp app(world.gw(), {{u"ip"_s, world.site().bmcAddress()},
                                          {u"port"_s, world.bmcPort()},
                                          {u"agent"_s, QString::fromLatin1(AgentSite::kAgentId)},
                                          {u"platform"_s, platform}});
    INFO("pmproxy: " << app.error().toStdString() << app.log().toStdString());
    REQUIRE(app.ok());
    const QUrl entry(app.entry());

    CdpBrowser browser;
    REQUIRE_BROWSER(browser, u"start chromium"_s, browser.start({}));
    REQUIRE_BROWSER(browser, u"open the app's URL"_s, browser.navigate(entry));
    consolewalk::loginAndConsole(browser, flow, entry.authority());
    browsercheck::keepShot(browser, u"agent-app-"_s + platform);
}
