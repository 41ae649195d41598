#include "consolewalk.h"

#include "bmcsim/platformrules.h"
#include "browsercheck.h"

#include <catch2/catch.hpp>

using namespace Qt::StringLiterals;
namespace pages = bmcsim::test::pages;
using testsupport::CdpBrowser;

namespace consolewalk {

namespace {
QVariantList consoleSample(CdpBrowser &browser) {
    return browser.evaluate(pages::consoleSample()).toVariant().toList();
}
} // namespace

void loginAndConsole(CdpBrowser &browser, const pages::Flow &flow, const QString &host) {
    login(browser, flow, host);
    console(browser, host);
}

void login(CdpBrowser &browser, const pages::Flow &flow, const QString &host, const QString &user,
           const QString &password) {
    REQUIRE_BROWSER(browser, u"login form"_s,
                    browser.waitUntil(
                        u"document.getElementById('login') && location.host === '%1'"_s.arg(host)));

    const bmcsim::PlatformRules &rules = bmcsim::rulesFor(flow.platform);
    const QString name = user.isEmpty() ? rules.defaultUser : user;
    REQUIRE_BROWSER(browser, u"type the user"_s, browser.typeText(u"#user"_s, name));
    REQUIRE_BROWSER(
        browser, u"type the password"_s,
        browser.typeText(u"#password"_s, password.isEmpty() ? rules.defaultPassword : password));
    REQUIRE_BROWSER(browser, u"click log in"_s, browser.click(u"#submit"_s));

    REQUIRE_BROWSER(browser, u"authenticated page"_s,
                    browser.waitUntil(u"location.pathname === '%1'"_s.arg(flow.welcomePath)));
    REQUIRE_BROWSER(browser, u"welcome text"_s, browser.waitUntil(pages::welcomeShown(name)));
    if (flow.platform == bmcsim::Platform::Ilo5) {
        REQUIRE_BROWSER(browser, u"iLO firmware from the proxied Redfish call"_s,
                        browser.waitUntil(
                            u"document.getElementById('firmware').textContent.includes('iLO')"_s));
    }
}

void console(CdpBrowser &browser, const QString &host) {
    REQUIRE_BROWSER(browser, u"click the console link"_s, browser.click(u"#console"_s));
    REQUIRE_BROWSER(browser, u"console frames"_s, browser.waitUntil(pages::framesDrawn(3)));
    const QVariantList first = consoleSample(browser);
    CHECK(pages::wrongPixels(first) == 0);
    // Frames keep coming, each one the pattern of its number.
    REQUIRE_BROWSER(browser, u"frames advancing"_s,
                    browser.waitUntil(u"Number(document.getElementById('frameNumber').textContent)"
                                      " >= %1"_s.arg(pages::sampleFrame(first) + 3)));
    const QVariantList later = consoleSample(browser);
    CHECK(pages::sampleFrame(later) > pages::sampleFrame(first));
    CHECK(pages::wrongPixels(later) == 0);

    // Real input (a key press and a click on the screen) goes to the BMC and back.
    REQUIRE_BROWSER(browser, u"press a key"_s, browser.pressKey(u"a"_s));
    REQUIRE_BROWSER(browser, u"key echoed"_s, browser.waitUntil(pages::echoesCounted(1)));
    REQUIRE_BROWSER(browser, u"click the screen"_s, browser.click(u"#screen"_s));
    REQUIRE_BROWSER(browser, u"click echoed"_s, browser.waitUntil(pages::echoesCounted(2)));

    // Still on HOST (the console page too), and nothing went wrong on the page.
    CHECK(browser.evaluate(u"location.host"_s).toString() == host);
    CHECK(browser.evaluate(u"document.getElementById('message').textContent"_s).toString() ==
          QString());
    CHECK(browser.evaluate(u"document.getElementById('status').textContent"_s).toString() ==
          u"streaming"_s);
}

} // namespace consolewalk
