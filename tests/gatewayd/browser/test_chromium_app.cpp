// Issue 4's first Done-when: `pmproxy --headless LINK` prints a URL through which a real
// browser (headless Chromium) reaches each emulated BMC's UI and live console, through
// the app's loopback proxy and its tunnel to gatewayd. The app is the real program.
#include "browsercheck.h"
#include "cdpbrowser.h"
#include "consolewalk.h"
#include "gatewayfixture.h"
#include "pagechecks.h"

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
