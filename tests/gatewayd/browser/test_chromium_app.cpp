// Issue 4's first Done-when: `pmproxy --headless LINK` prints a URL through which a real
// browser (headless Chromium) reaches each emulated BMC's UI and live console, through
// the app's loopback proxy and its tunnel to gatewayd. The app is the real program.
#include "browsercheck.h"
#include "cdpbrowser.h"
#include "consolewalk.h"
#include "gatewayfixture.h"
#include "novnccheck.h"
#include "pagechecks.h"
#include "websockifyserver.h"
#include "xvncdesktop.h"

#include <QProcess>
#include <QTemporaryDir>
#include <catch2/catch.hpp>

using namespace Qt::StringLiterals;
using bmcsim::test::pages::Flow;
using testsupport::CdpBrowser;
namespace pages = bmcsim::test::pages;

namespace {

// `pmproxy --headless` for a LINK, its first stdout line read (the local URL).
class HeadlessApp {
public:
    HeadlessApp(const GatewayFixture &gw, const QByteArray &token) {
        QFile ca(m_dir.filePath(u"gateway.pem"_s));
        if (!ca.open(QIODevice::WriteOnly) || ca.write(gw.certificate().toPem()) <= 0)
            return;
        ca.close();
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(u"QT_QPA_PLATFORM"_s, u"offscreen"_s);
        m_process.setProcessEnvironment(env);
        m_process.start(QStringLiteral(PMPROXY_BIN),
                        {u"--headless"_s, u"--gateway-ca"_s, ca.fileName(),
                         u"pmproxy://gpsession?token="_s + QString::fromLatin1(token)});
        while (!m_process.canReadLine() && m_process.waitForReadyRead(20000)) {
        }
        m_url = QUrl(QString::fromLatin1(m_process.readLine().trimmed()));
    }
    ~HeadlessApp() {
        m_process.terminate();
        if (!m_process.waitForFinished(10000))
            m_process.kill();
        m_process.waitForFinished(5000);
    }
    QUrl url() const { return m_url; }
    QString errors() { return QString::fromUtf8(m_process.readAllStandardError()); }
    int exitCode() {
        m_process.terminate();
        m_process.waitForFinished(10000);
        return m_process.exitStatus() == QProcess::NormalExit ? m_process.exitCode() : -1;
    }

private:
    QTemporaryDir m_dir;
    QProcess m_process;
    QUrl m_url;
};

} // namespace

TEST_CASE("chromium: pmproxy --headless prints a URL that reaches each BMC's live console",
          "[chromium][app]") {
    const Flow flow = GENERATE(from_range(pages::flows()));
    const QString platform = bmcsim::platformName(flow.platform);
    INFO("platform " << platform.toStdString());
    GatewayFixture::Options options;
    options.platform = platform;
    GatewayFixture gw(options);
    INFO(gw.startupError().toStdString());
    REQUIRE(gw.ok());

    HeadlessApp app(gw, gw.mint({{u"platform"_s, platform}}));
    INFO("pmproxy: " << app.errors().toStdString());
    REQUIRE(app.url().scheme() == u"http"_s);
    const QString local = app.url().authority();

    CdpBrowser browser;
    REQUIRE_BROWSER(browser, u"start chromium"_s, browser.start({}));
    REQUIRE_BROWSER(browser, u"open the app's URL"_s, browser.navigate(app.url()));
    consolewalk::loginAndConsole(browser, flow, local);
    browsercheck::keepShot(browser, u"app-"_s + platform);
    browser.quit();
    CHECK(app.exitCode() == 0); // SIGTERM ends the headless app cleanly
}

TEST_CASE("chromium: noVNC, a third-party console, works through pmproxy --headless",
          "[chromium][app][novnc]") {
    XvncDesktop desktop;
    INFO(desktop.error().toStdString());
    REQUIRE(desktop.start());
    const Rgb8 first{0x33, 0x99, 0x33};
    const Rgb8 second{0x99, 0x33, 0x99};
    REQUIRE(desktop.paint(first));
    WebsockifyServer websockify;
    INFO(websockify.error().toStdString());
    REQUIRE(websockify.start(desktop.rfbSocket()));

    GatewayFixture::Options options;
    options.platform = u"generic"_s;
    GatewayFixture gw(options);
    INFO(gw.startupError().toStdString());
    REQUIRE(gw.ok());
    HeadlessApp app(gw,
                    gw.mint({{u"platform"_s, u"generic"_s}, {u"port"_s, int(websockify.port())}}));
    INFO("pmproxy: " << app.errors().toStdString());
    REQUIRE(app.url().scheme() == u"http"_s);

    CdpBrowser browser;
    REQUIRE_BROWSER(browser, u"start chromium"_s, browser.start({}));
    REQUIRE_BROWSER(browser, u"open the app's URL"_s, browser.navigate(app.url()));
    const QString local = u"http://"_s + app.url().authority();
    REQUIRE_BROWSER(
        browser, u"open vnc.html"_s,
        browser.navigate(QUrl(local + u"/vnc.html?autoconnect=true&path=websockify"_s)));
    REQUIRE_BROWSER(
        browser, u"noVNC connected"_s,
        browser.waitUntil(u"document.documentElement.classList.contains('noVNC_connected')"_s));
    REQUIRE_BROWSER(browser, u"the desktop's colour on noVNC's canvas"_s,
                    browser.waitUntil(novnc::canvasShows(first)));
    REQUIRE(desktop.paint(second));
    REQUIRE_BROWSER(browser, u"the desktop's new colour on noVNC's canvas"_s,
                    browser.waitUntil(novnc::canvasShows(second)));
    browsercheck::keepShot(browser, u"app-novnc"_s);
    browser.quit();
    websockify.stop();
    desktop.stop();
}
