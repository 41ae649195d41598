// Issue 10 in a real browser: headless Chromium, given only a gpsession link whose token
// names the agent, logs in to each emulated BMC in the site (which gatewayd cannot reach
// itself), reaches the authenticated page, opens the console and sees the test pattern
// frame after frame, and its input comes back (tests/gatewayd/browser/consolewalk).
#include "agentsite.h"
#include "bmcsim/platformrules.h"
#include "browsercheck.h"
#include "cdpbrowser.h"
#include "consolewalk.h"
#include "pagechecks.h"

#include <catch2/catch.hpp>

using namespace Qt::StringLiterals;
using bmcsim::test::pages::Flow;
using testsupport::CdpBrowser;
namespace pages = bmcsim::test::pages;

TEST_CASE("agent chromium: a link naming the agent reaches each BMC's UI and live console",
          "[agent][chromium]") {
    SKIP_WITHOUT_NETNS();
    const Flow flow = GENERATE(from_range(pages::flows()));
    const QString platform = bmcsim::platformName(flow.platform);
    INFO("platform " << platform.toStdString());
    AgentSite::Options options;
    options.platform = platform;
    options.compressingBmc = true;
    AgentSite world(options);
    REQUIRE_AGENT_SITE(world);
    GatewayFixture &gw = world.gw();

    CdpBrowser browser;
    CdpBrowser::Options browserOptions;
    browserOptions.trusted = {gw.certificate()};
    REQUIRE_BROWSER(browser, u"start chromium"_s, browser.start(browserOptions));
    REQUIRE_BROWSER(
        browser, u"open the gpsession link"_s,
        browser.navigate(QUrl(u"https://127.0.0.1:%1/gpsession?token=%2"_s.arg(gw.gatewayPort())
                                  .arg(QString::fromLatin1(world.mint())))));
    consolewalk::loginAndConsole(browser, flow, u"127.0.0.1:%1"_s.arg(gw.gatewayPort()));
    browsercheck::keepShot(browser, u"agent-"_s + platform);
}
