// Issue 8, point 9 in a real browser: two BMCs of one platform, opened from their
// gpsession links in two tabs of ONE Chromium profile. With browser.sessionDomain each
// session gets its own origin https://<label>.sessions.localhost:PORT (Chromium resolves
// *.localhost to loopback; the gateway's certificate names *.sessions.localhost), so the
// pm-session cookie and the BMC's own session cookie are per BMC and both stay logged in.
// Without it (the control case) both tabs share the gateway's origin: the second link
// replaces the pm-session cookie and the second login the BMC's cookie, and the first
// tab's session is gone. A BMC page cannot register a service worker either way.
#include "bmcsim/platformrules.h"
#include "browsercheck.h"
#include "cdpbrowser.h"
#include "consolewalk.h"
#include "gatewayfixture.h"
#include "pagechecks.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <catch2/catch.hpp>

using namespace Qt::StringLiterals;
using bmcsim::test::pages::Flow;
using testsupport::CdpBrowser;
namespace pages = bmcsim::test::pages;

namespace {

constexpr auto kDomain = "sessions.localhost";
const Flow kIdrac9{bmcsim::Platform::Idrac9, u"/restgui/index.html"_s};
// The second BMC has its own user, so each page's welcome says which BMC answered.
const QString kOtherUser = u"operator"_s;
const QString kOtherPassword = u"other-secret"_s;

GatewayFixture::Options gatewayOptions(bool sessionDomain) {
    GatewayFixture::Options options; // iDRAC9
    if (sessionDomain)
        options.config = QJsonObject{
            {u"browser"_s, QJsonObject{{u"sessionDomain"_s, QString::fromLatin1(kDomain)}}}};
    return options;
}

// The link as the platform hands it out: on the gateway's own address.
QUrl gpsessionLink(const GatewayFixture &gw, const QByteArray &token) {
    return QUrl(u"https://127.0.0.1:%1/gpsession?token=%2"_s.arg(gw.gatewayPort())
                    .arg(QString::fromLatin1(token)));
}

// Opens LINK in the current tab and returns the host:port the BMC's login page ended up
// on: a session origin with SESSIONDOMAIN, the gateway's address without.
QString openLink(CdpBrowser &browser, const GatewayFixture &gw, const QByteArray &token,
                 bool sessionDomain) {
    REQUIRE_BROWSER(browser, u"open the gpsession link"_s,
                    browser.navigate(gpsessionLink(gw, token)));
    const QString port = QString::number(gw.gatewayPort());
    const QString expected =
        sessionDomain
            ? u"location.host.endsWith('.%1:%2')"_s.arg(QString::fromLatin1(kDomain), port)
            : u"location.host === '127.0.0.1:%1'"_s.arg(port);
    REQUIRE_BROWSER(browser, u"login page on the expected origin"_s,
                    browser.waitUntil(u"document.getElementById('login') && "_s + expected));
    return browser.evaluate(u"location.host"_s).toString();
}

// What the current tab's iDRAC9 page gets from its session API right now, exactly as
// the dashboard asks (its XSRF token from this tab's sessionStorage): {status, body}.
QJsonObject sessionCall(CdpBrowser &browser) {
    return browser
        .evaluate(uR"JS((async () => {
  const r = await fetch("/sysmgmt/2015/bmc/session",
                        { headers: { "XSRF-TOKEN": sessionStorage.getItem("xsrf") || "" } });
  return { status: r.status, body: await r.text() };
})())JS"_s)
        .toObject();
}

QString userOf(const QJsonObject &call) {
    return QJsonDocument::fromJson(call.value(u"body"_s).toString().toUtf8())
        .object()
        .value(u"user"_s)
        .toString();
}

// The cookies named NAME: their domain → value.
QMap<QString, QString> cookiesNamed(const QJsonArray &cookies, const QString &name) {
    QMap<QString, QString> found;
    for (const QJsonValue &value : cookies) {
        const QJsonObject cookie = value.toObject();
        if (cookie.value(u"name"_s).toString() == name)
            found.insert(cookie.value(u"domain"_s).toString(), cookie.value(u"value"_s).toString());
    }
    return found;
}

QString hostName(const QString &hostAndPort) {
    return hostAndPort.section(u':', 0, 0);
}

struct TwoBmcs {
    QByteArray tokenA;
    QByteArray tokenB;
};

// A second iDRAC9 next to the fixture's, and a token for each.
TwoBmcs twoBmcs(GatewayFixture &gw) {
    const quint16 other =
        gw.startAnotherBmc(u"idrac9"_s, {u"--user"_s, kOtherUser, u"--password"_s, kOtherPassword});
    INFO(gw.startupError().toStdString());
    REQUIRE(other != 0);
    return {gw.mint({{u"sub"_s, u"tech-a"_s}}),
            gw.mint({{u"port"_s, other}, {u"sub"_s, u"tech-b"_s}})};
}

CdpBrowser::Options trusting(const GatewayFixture &gw) {
    CdpBrowser::Options options;
    options.trusted = {gw.certificate()};
    return options;
}

} // namespace

TEST_CASE("chromium: with browser.sessionDomain two BMCs of one platform work side by side in "
          "one browser profile",
          "[chromium][origins]") {
    GatewayFixture gw(gatewayOptions(true));
    INFO(gw.startupError().toStdString());
    REQUIRE(gw.ok());
    const TwoBmcs bmcs = twoBmcs(gw);
    const QString root = bmcsim::rulesFor(bmcsim::Platform::Idrac9).defaultUser;

    CdpBrowser browser;
    REQUIRE_BROWSER(browser, u"start chromium"_s, browser.start(trusting(gw)));

    // Tab 0: BMC A, logged in. Tab 1 (same profile): BMC B, logged in after A.
    const QString hostA = openLink(browser, gw, bmcs.tokenA, true);
    consolewalk::login(browser, kIdrac9, hostA);
    REQUIRE(browser.newTab() == 1);
    const QString hostB = openLink(browser, gw, bmcs.tokenB, true);
    INFO("A on " << hostA.toStdString() << ", B on " << hostB.toStdString());
    CHECK(hostB != hostA);
    consolewalk::login(browser, kIdrac9, hostB, kOtherUser, kOtherPassword);

    // Each origin has its own host-only pm-session cookie (its own token) and its own
    // BMC session cookie, in the one cookie jar.
    const QJsonArray cookies = browser.cookies();
    INFO("cookies: " << QJsonDocument(cookies).toJson(QJsonDocument::Compact).toStdString());
    const QMap<QString, QString> sessions = cookiesNamed(cookies, u"pm-session"_s);
    CHECK(sessions.size() == 2);
    CHECK(sessions.value(hostName(hostA)) == QString::fromLatin1(bmcs.tokenA));
    CHECK(sessions.value(hostName(hostB)) == QString::fromLatin1(bmcs.tokenB));
    const QMap<QString, QString> bmcCookies = cookiesNamed(cookies, u"-http-session-"_s);
    CHECK(bmcCookies.size() == 2);
    CHECK(bmcCookies.contains(hostName(hostA)));
    CHECK(bmcCookies.contains(hostName(hostB)));

    // Tab 0 still talks to BMC A as its user, from the page it was left on and after a
    // reload, and its console works; then the same for tab 1 and BMC B.
    REQUIRE_BROWSER(browser, u"back to tab 0"_s, browser.selectTab(0));
    const QJsonObject stillA = sessionCall(browser);
    INFO("tab 0's session call: " << QJsonDocument(stillA).toJson().toStdString());
    CHECK(stillA.value(u"status"_s).toInt() == 200);
    CHECK(userOf(stillA) == root);
    REQUIRE_BROWSER(browser, u"reload tab 0"_s,
                    browser.navigate(QUrl(u"https://%1%2"_s.arg(hostA, kIdrac9.welcomePath))));
    REQUIRE_BROWSER(browser, u"tab 0 welcome"_s, browser.waitUntil(pages::welcomeShown(root)));
    consolewalk::console(browser, hostA);
    browsercheck::keepShot(browser, u"origins-tab-a"_s);

    REQUIRE_BROWSER(browser, u"back to tab 1"_s, browser.selectTab(1));
    const QJsonObject stillB = sessionCall(browser);
    INFO("tab 1's session call: " << QJsonDocument(stillB).toJson().toStdString());
    CHECK(stillB.value(u"status"_s).toInt() == 200);
    CHECK(userOf(stillB) == kOtherUser);
    REQUIRE_BROWSER(browser, u"reload tab 1"_s,
                    browser.navigate(QUrl(u"https://%1%2"_s.arg(hostB, kIdrac9.welcomePath))));
    REQUIRE_BROWSER(browser, u"tab 1 welcome"_s,
                    browser.waitUntil(pages::welcomeShown(kOtherUser)));
    consolewalk::console(browser, hostB);
    browsercheck::keepShot(browser, u"origins-tab-b"_s);

    // And tab 0 once more, after tab 1's console ran.
    REQUIRE_BROWSER(browser, u"tab 0 again"_s, browser.selectTab(0));
    CHECK(userOf(sessionCall(browser)) == root);
}

TEST_CASE("chromium: without browser.sessionDomain a second BMC's link and login in the same "
          "profile end the first tab's session (the control case)",
          "[chromium][origins]") {
    GatewayFixture gw(gatewayOptions(false));
    INFO(gw.startupError().toStdString());
    REQUIRE(gw.ok());
    const TwoBmcs bmcs = twoBmcs(gw);
    const QString root = bmcsim::rulesFor(bmcsim::Platform::Idrac9).defaultUser;

    CdpBrowser browser;
    REQUIRE_BROWSER(browser, u"start chromium"_s, browser.start(trusting(gw)));
    const QString hostA = openLink(browser, gw, bmcs.tokenA, false);
    consolewalk::login(browser, kIdrac9, hostA);
    // Before the second link, tab 0 works.
    CHECK(userOf(sessionCall(browser)) == root);

    REQUIRE(browser.newTab() == 1);
    const QString hostB = openLink(browser, gw, bmcs.tokenB, false);
    CHECK(hostB == hostA); // one origin for every BMC
    consolewalk::login(browser, kIdrac9, hostB, kOtherUser, kOtherPassword);

    // One cookie jar entry each: B's token and B's BMC session replaced A's.
    const QJsonArray cookies = browser.cookies();
    INFO("cookies: " << QJsonDocument(cookies).toJson(QJsonDocument::Compact).toStdString());
    const QMap<QString, QString> sessions = cookiesNamed(cookies, u"pm-session"_s);
    CHECK(sessions.size() == 1);
    CHECK(sessions.value(hostName(hostA)) == QString::fromLatin1(bmcs.tokenB));
    CHECK(cookiesNamed(cookies, u"-http-session-"_s).size() == 1);

    // Tab 0's page now reaches BMC B with B's session cookie and A's XSRF token: refused.
    REQUIRE_BROWSER(browser, u"back to tab 0"_s, browser.selectTab(0));
    const QJsonObject call = sessionCall(browser);
    INFO("tab 0's session call: " << QJsonDocument(call).toJson().toStdString());
    CHECK(call.value(u"status"_s).toInt() == 401);
    CHECK(call.value(u"body"_s).toString().contains(u"csrf-header-mismatch"_s));
}

TEST_CASE("chromium: a BMC page cannot register a service worker through gatewayd",
          "[chromium][origins]") {
    const bool sessionDomain = GENERATE(false, true);
    INFO("browser.sessionDomain " << (sessionDomain ? kDomain : "unset"));
    GatewayFixture gw(gatewayOptions(sessionDomain));
    INFO(gw.startupError().toStdString());
    REQUIRE(gw.ok());
    CdpBrowser browser;
    REQUIRE_BROWSER(browser, u"start chromium"_s, browser.start(trusting(gw)));
    openLink(browser, gw, gw.mint(), sessionDomain);

    // The script exists and is JavaScript (the login page runs it) ...
    const QString script = u"/restgui/js/bmcsim.js"_s;
    const QJsonObject fetched = browser
                                    .evaluate(u"fetch('%1').then(r => ({status: r.status, type: "
                                              "r.headers.get('content-type')}))"_s.arg(script))
                                    .toObject();
    CHECK(fetched.value(u"status"_s).toInt() == 200);
    CHECK(fetched.value(u"type"_s).toString().contains(u"javascript"_s));
    // ... but registered as a service worker (Chromium fetches it with
    // "Service-Worker: script") the gateway answers 403, so registration fails.
    REQUIRE(browser.evaluate(u"typeof navigator.serviceWorker.register"_s).toString() ==
            u"function"_s);
    const QString outcome =
        browser
            .evaluate(u"navigator.serviceWorker.register('%1').then("
                      "r => 'registered ' + r.scope, e => 'refused: ' + e.message)"_s.arg(script))
            .toString();
    INFO("register(): " << outcome.toStdString());
    CHECK(outcome.startsWith(u"refused: "_s));
    CHECK(outcome.contains(u"(403)"_s));
    CHECK(browser.evaluate(u"navigator.serviceWorker.getRegistrations().then(r => r.length)"_s)
              .toInt(-1) == 0);
}
