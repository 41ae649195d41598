// Issue 3 in a real browser: headless Chromium, given only a gpsession link to gatewayd,
// logs in to each emulated BMC through the proxied UI as a user would (typing into the
// form, clicking), reaches the authenticated page, opens the console and sees the
// emulator's test pattern, frame after frame, and input it sends comes back. The
// browser trusts the gateway's certificate only, so nothing reaches the BMC directly.
#include "bmcsim/platformrules.h"
#include "browsercheck.h"
#include "cdpbrowser.h"
#include "consolewalk.h"
#include "gatewayfixture.h"
#include "pagechecks.h"
#include "processgroup.h"

#include <QDateTime>
#include <QJsonObject>
#include <catch2/catch.hpp>

using namespace Qt::StringLiterals;
using bmcsim::test::pages::Flow;
using testsupport::CdpBrowser;
namespace pages = bmcsim::test::pages;

namespace {

// bmcsim compresses like real firmware (Chromium offers gzip, deflate, br, zstd): the
// rewritten pages and JSON reach the browser decoded; the QNAM walks in
// tests/gatewayd/platforms cover the uncompressed BMC too.
GatewayFixture::Options on(const QString &platform) {
    GatewayFixture::Options options;
    options.platform = platform;
    options.compressingBmc = true;
    return options;
}

QUrl gpsessionLink(const GatewayFixture &gw, const QByteArray &token) {
    return QUrl(u"https://127.0.0.1:%1/gpsession?token=%2"_s.arg(gw.gatewayPort())
                    .arg(QString::fromLatin1(token)));
}

} // namespace

TEST_CASE("chromium: a gpsession link through gatewayd reaches each BMC's UI and live console",
          "[chromium]") {
    const Flow flow = GENERATE(from_range(pages::flows()));
    const QString platform = bmcsim::platformName(flow.platform);
    INFO("platform " << platform.toStdString());
    GatewayFixture gw(on(platform));
    INFO(gw.startupError().toStdString());
    REQUIRE(gw.ok());
    const QString gateway = u"127.0.0.1:%1"_s.arg(gw.gatewayPort());

    CdpBrowser browser;
    CdpBrowser::Options options;
    options.trusted = {gw.certificate()};
    REQUIRE_BROWSER(browser, u"start chromium"_s, browser.start(options));

    // Only the link: the gateway sets its cookie, redirects to / and the BMC's login
    // page comes through it.
    REQUIRE_BROWSER(browser, u"open the gpsession link"_s,
                    browser.navigate(gpsessionLink(gw, gw.mint({{u"platform"_s, platform}}))));
    consolewalk::loginAndConsole(browser, flow, gateway);
    browsercheck::keepShot(browser, platform);
}

TEST_CASE("chromium: an expired gpsession link shows gatewayd's error saying expired",
          "[chromium]") {
    GatewayFixture gw;
    INFO(gw.startupError().toStdString());
    REQUIRE(gw.ok());
    CdpBrowser browser;
    CdpBrowser::Options options;
    options.trusted = {gw.certificate()};
    REQUIRE_BROWSER(browser, u"start chromium"_s, browser.start(options));

    const qint64 now = QDateTime::currentSecsSinceEpoch();
    const QByteArray expired =
        gw.mint({{u"exp"_s, now - 600}, {u"iat"_s, now - 900}, {u"nbf"_s, now - 900}});
    REQUIRE_BROWSER(browser, u"open the expired link"_s,
                    browser.navigate(gpsessionLink(gw, expired)));
    // What the technician sees is gatewayd's JSON error (Chromium shows JSON in a <pre>).
    const QString json =
        u"JSON.parse((document.querySelector('pre') || document.body).innerText)"_s;
    const QJsonObject shown = browser.evaluate(json).toObject();
    INFO("page: " << browser.evaluate(u"document.body.innerText"_s).toString().toStdString());
    CHECK(browser.evaluate(u"performance.getEntriesByType('navigation')[0].responseStatus"_s)
              .toInt() == 401);
    CHECK(shown.value(u"error"_s).toString() == u"token_expired"_s);
    CHECK(shown.value(u"detail"_s).toString().contains(u"expired"_s));
    browsercheck::keepShot(browser, u"expired"_s);

    // No session was set up: the gateway's root still asks for a token.
    REQUIRE_BROWSER(browser, u"open /"_s,
                    browser.navigate(QUrl(u"https://127.0.0.1:%1/"_s.arg(gw.gatewayPort()))));
    CHECK(browser.evaluate(json + u".error"_s).toString() == u"no_token"_s);
}

TEST_CASE("chromium: the browser trusts the gateway's certificate and no other", "[chromium]") {
    GatewayFixture gw;
    INFO(gw.startupError().toStdString());
    REQUIRE(gw.ok());
    CdpBrowser browser;
    CdpBrowser::Options options;
    options.trusted = {gw.certificate()};
    REQUIRE_BROWSER(browser, u"start chromium"_s, browser.start(options));
    // The BMC's own self-signed certificate is refused: a page that escaped the
    // gateway's rewriting could not talk to the BMC behind its back.
    CHECK_FALSE(browser.navigate(QUrl(u"https://127.0.0.1:%1/"_s.arg(gw.bmcPort()))));
    CHECK(browser.error().contains(u"ERR_CERT"_s));
    CHECK(browser.navigate(gpsessionLink(gw, gw.mint())));

    // Quitting leaves no browser process behind.
    const qint64 group = browser.processId();
    REQUIRE(group > 0);
    browser.quit();
    CHECK(testsupport::livingInGroup(group) == 0);
}

TEST_CASE("chromium: a browser that cannot start says why", "[chromium]") {
    CdpBrowser::Options missing;
    missing.program = u"/nonexistent/chromium"_s;
    CdpBrowser absent;
    CHECK_FALSE(absent.start(missing));
    CHECK(absent.error().contains(u"/nonexistent/chromium is missing"_s));

    // A program that exits at once, without a DevTools endpoint.
    CdpBrowser::Options exiting;
    exiting.program = u"/bin/false"_s;
    CdpBrowser failed;
    CHECK_FALSE(failed.start(exiting));
    INFO(failed.error().toStdString());
    CHECK(failed.error().contains(u"gave no DevTools endpoint (it exited with code 1)"_s));
}
