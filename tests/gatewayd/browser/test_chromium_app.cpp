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

#include <QColor>
#include <QFile>
#include <QImage>
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

TEST_CASE("pmproxy --screenshot LINK saves the console with its frame", "[app][novnc]") {
    // An IP-KVM-like BMC whose home page is its HTML5 console: noVNC's vnc_lite.html as
    // the index of websockify's web root, so the link alone lands on a live console.
    QTemporaryDir web;
    for (const char *entry : {"app", "core", "vendor", "include", "vnc_lite.html"})
        REQUIRE(QFile::link(u"/usr/share/novnc/"_s + QLatin1StringView(entry),
                            web.filePath(QLatin1StringView(entry))));
    REQUIRE(QFile::link(u"/usr/share/novnc/vnc_lite.html"_s, web.filePath(u"index.html"_s)));
    REQUIRE(QFile::link(u"/usr/share/novnc/vnc_lite.html"_s, web.filePath(u"vnc.html"_s)));

    XvncDesktop desktop;
    INFO(desktop.error().toStdString());
    REQUIRE(desktop.start());
    const Rgb8 colour{0x33, 0x66, 0xcc};
    REQUIRE(desktop.paint(colour));
    WebsockifyServer websockify;
    INFO(websockify.error().toStdString());
    REQUIRE(websockify.start(desktop.rfbSocket(), web.path()));

    GatewayFixture::Options options;
    options.platform = u"generic"_s;
    GatewayFixture gw(options);
    REQUIRE(gw.ok());
    QTemporaryDir out;
    QFile ca(out.filePath(u"gateway.pem"_s));
    REQUIRE(ca.open(QIODevice::WriteOnly));
    ca.write(gw.certificate().toPem());
    ca.close();
    const QString png = out.filePath(u"console.png"_s);
    const QByteArray token =
        gw.mint({{u"platform"_s, u"generic"_s}, {u"port"_s, int(websockify.port())}});

    QProcess app;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(u"QT_QPA_PLATFORM"_s, u"offscreen"_s);
    env.insert(u"QTWEBENGINE_DISABLE_SANDBOX"_s, u"1"_s);
    app.setProcessEnvironment(env);
    app.start(QStringLiteral(PMPROXY_BIN),
              {u"--screenshot"_s, png, u"--gateway-ca"_s, ca.fileName(),
               u"pmproxy://gpsession?token="_s + QString::fromLatin1(token)});
    REQUIRE(app.waitForFinished(120000));
    INFO("pmproxy: " << app.readAllStandardError().toStdString());
    CHECK(app.exitCode() == 0);

    const QImage image(png);
    REQUIRE_FALSE(image.isNull());
    if (const QString dir = qEnvironmentVariable("PMPROXY_SHOTS_DIR"); !dir.isEmpty())
        image.save(dir + u"/app-screenshot.png"_s);
    // The console's frame is in the picture: a large share of it is the desktop's colour.
    qint64 matching = 0;
    for (int y = 0; y < image.height(); y += 4) {
        for (int x = 0; x < image.width(); x += 4) {
            const QColor c = image.pixelColor(x, y);
            matching += std::abs(c.red() - colour.r) <= 2 && std::abs(c.green() - colour.g) <= 2 &&
                        std::abs(c.blue() - colour.b) <= 2;
        }
    }
    const qint64 sampled = qint64(image.width() / 4) * (image.height() / 4);
    INFO("matching " << matching << " of " << sampled);
    // The desktop is the VNC server's size, drawn 1:1 inside the app's window (with the
    // link bar, the tab and the status strip around it): at least 1/20 of the picture.
    CHECK(matching * 20 >= sampled);
    websockify.stop();
    desktop.stop();
}
