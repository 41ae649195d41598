// A real third-party HTML5 console through gatewayd: noVNC (Debian's novnc, the web
// client nobody here wrote) served by websockify in front of TigerVNC's Xvnc, reached
// by headless Chromium through gatewayd with a `generic` gpsession token. The desktop
// is painted a known colour, the test sees it on noVNC's canvas, paints another colour
// and sees that too: a live VNC session through the gateway.
#include "browsercheck.h"
#include "cdpbrowser.h"
#include "gatewayfixture.h"
#include "novnccheck.h"
#include "processgroup.h"
#include "websockifyserver.h"
#include "xvncdesktop.h"

#include <QJsonObject>
#include <catch2/catch.hpp>

using namespace Qt::StringLiterals;
using testsupport::CdpBrowser;

TEST_CASE("chromium: noVNC, a third-party HTML5 console, works through gatewayd with generic",
          "[chromium][novnc]") {
    XvncDesktop desktop;
    INFO(desktop.error().toStdString());
    REQUIRE(desktop.start());
    const Rgb8 first{0x33, 0x66, 0xcc};
    const Rgb8 second{0xcc, 0x66, 0x33};
    REQUIRE(desktop.paint(first));

    WebsockifyServer websockify;
    INFO(websockify.error().toStdString());
    REQUIRE(websockify.start(desktop.rfbSocket()));

    GatewayFixture::Options gatewayOptions;
    gatewayOptions.platform = u"generic"_s;
    GatewayFixture gw(gatewayOptions);
    INFO(gw.startupError().toStdString());
    REQUIRE(gw.ok());
    const QByteArray token =
        gw.mint({{u"platform"_s, u"generic"_s}, {u"port"_s, int(websockify.port())}});

    CdpBrowser browser;
    CdpBrowser::Options options;
    options.trusted = {gw.certificate()};
    REQUIRE_BROWSER(browser, u"start chromium"_s, browser.start(options));
    const QString gateway = u"https://127.0.0.1:%1"_s.arg(gw.gatewayPort());
    REQUIRE_BROWSER(
        browser, u"open the gpsession link"_s,
        browser.navigate(QUrl(gateway + u"/gpsession?token="_s + QString::fromLatin1(token))));
    // noVNC's own page, from websockify, through the gateway; it connects at once to
    // wss://<gateway>/websockify, which the gateway proxies to websockify.
    REQUIRE_BROWSER(
        browser, u"open vnc.html"_s,
        browser.navigate(QUrl(gateway + u"/vnc.html?autoconnect=true&path=websockify"_s)));
    REQUIRE_BROWSER(
        browser, u"noVNC connected"_s,
        browser.waitUntil(u"document.documentElement.classList.contains('noVNC_connected')"_s));
    REQUIRE_BROWSER(browser, u"the desktop's colour on noVNC's canvas"_s,
                    browser.waitUntil(novnc::canvasShows(first)));
    // Live: a change on the desktop reaches the browser.
    REQUIRE(desktop.paint(second));
    REQUIRE_BROWSER(browser, u"the desktop's new colour on noVNC's canvas"_s,
                    browser.waitUntil(novnc::canvasShows(second)));
    CHECK(browser.evaluate(u"location.host"_s).toString() ==
          u"127.0.0.1:%1"_s.arg(gw.gatewayPort()));
    browsercheck::keepShot(browser, u"novnc"_s);

    // Nothing started here outlives the test: not Chromium's helpers, not websockify's
    // per-connection processes, not the X server.
    const QList<qint64> groups{browser.processId(), websockify.processGroup(),
                               desktop.processGroup()};
    browser.quit();
    websockify.stop();
    desktop.stop();
    for (const qint64 group : groups)
        CHECK(testsupport::livingInGroup(group) == 0);
}
