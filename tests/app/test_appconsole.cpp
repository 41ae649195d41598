// The acceptance walk in the app's own window (offscreen QtWebEngine): open a gpsession
// link, log in to the emulated BMC through the app's tunnel and loopback proxy, open the
// console (a popup becomes a tab) and see the emulator's test pattern; then the
// screenshot logic saves the console with its frame.
#include "apptestsupport.h"
#include "bmcsim/platformrules.h"
#include "gatewayfixture.h"
#include "headless/screenshotrunner.h"
#include "pagechecks.h"
#include "ui/mainwindow.h"
#include "ui/sessiontab.h"
#include "ui/sessionwebview.h"
#include "waitfor.h"

#include <QElapsedTimer>
#include <QImage>
#include <QTabWidget>
#include <QTemporaryDir>
#include <catch2/catch.hpp>
#include <memory>

using namespace Qt::StringLiterals;
namespace pages = bmcsim::test::pages;

namespace {

// The value of SCRIPT in the window's current tab (invalid after a timeout).
QVariant eval(app::MainWindow &window, const QString &script, int timeoutMs = 5000) {
    auto *tab = qobject_cast<app::SessionTab *>(window.tabs()->currentWidget());
    if (!tab)
        return {};
    // The callback may come after a timeout: it writes into shared state, never into this
    // (then gone) stack frame.
    struct Answer {
        bool done = false;
        QVariant value;
    };
    const auto answer = std::make_shared<Answer>();
    tab->view()->page()->runJavaScript(script, [answer](const QVariant &v) {
        answer->value = v;
        answer->done = true;
    });
    testsupport::waitFor([&answer] { return answer->done; }, timeoutMs);
    return answer->value;
}

// Waits until the JavaScript CONDITION holds in the current tab (which may change: a
// popup becomes the current tab).
bool waitFor(app::MainWindow &window, const QString &condition, int timeoutMs = 30000) {
    QElapsedTimer sinceLast; // one evaluation in the page per 100 ms at the most
    return testsupport::waitFor(
        [&] {
            if (sinceLast.isValid() && sinceLast.elapsed() < 100)
                return false;
            sinceLast.start();
            return eval(window, u"!!(%1)"_s.arg(condition)).toBool();
        },
        timeoutMs);
}

} // namespace

TEST_CASE("the app logs in to each emulated BMC and shows its console's test pattern") {
    const pages::Flow flow = GENERATE(from_range(pages::flows()));
    const QString platform = bmcsim::platformName(flow.platform);
    INFO("platform " << platform.toStdString());
    GatewayFixture::Options options;
    options.platform = platform;
    GatewayFixture gateway(options);
    REQUIRE(gateway.ok());

    app::BmcSession::Options sessionOptions;
    sessionOptions.gatewayCa = {gateway.certificate()};
    app::MainWindow window(sessionOptions);
    window.resize(1280, 860);
    window.show();
    REQUIRE(window.openLink(u"pmproxy://gpsession?token="_s + QString::fromLatin1(gateway.mint())));

    const bmcsim::PlatformRules &rules = bmcsim::rulesFor(flow.platform);
    REQUIRE(waitFor(window, u"document.getElementById('login')"_s));
    eval(window, u"document.getElementById('user').value = '%1';"
                 "document.getElementById('password').value = '%2';"
                 "document.getElementById('login').requestSubmit(); true"_s.arg(
                     rules.defaultUser, rules.defaultPassword));
    REQUIRE(waitFor(window, u"location.pathname === '%1'"_s.arg(flow.welcomePath)));
    REQUIRE(waitFor(window, pages::welcomeShown(rules.defaultUser)));
    // The address stays the app's loopback proxy: nothing leads the view to the BMC.
    CHECK(eval(window, u"location.hostname"_s).toString().startsWith(u"127."_s));

    eval(window, u"document.getElementById('console').click(); true"_s);
    REQUIRE(waitFor(window, u"document.getElementById('screen')"_s));
    const bool frames = waitFor(window, pages::framesDrawn(3));
    INFO(
        "console page " << eval(window, u"location.href"_s).toString().toStdString() << " status: "
                        << eval(window, u"(document.getElementById('status') || {}).textContent"_s)
                               .toString()
                               .toStdString()
                        << " message: "
                        << eval(window, u"(document.getElementById('message') || {}).textContent"_s)
                               .toString()
                               .toStdString());
    REQUIRE(frames);
    CHECK(pages::wrongPixels(eval(window, pages::consoleSample()).toList()) == 0);
    eval(window, u"document.dispatchEvent(new KeyboardEvent('keydown', {key: 'a'})); true"_s);
    CHECK(waitFor(window, pages::echoesCounted(1)));

    // The screenshot logic on the console's tab: a frame is there, the PNG shows it.
    QTemporaryDir dir;
    const QString png = dir.filePath(u"console.png"_s);
    app::ScreenshotRunner runner(&window, png);
    int code = -1;
    QObject::connect(&runner, &app::ScreenshotRunner::finished, [&](int c) { code = c; });
    auto *tab = qobject_cast<app::SessionTab *>(window.tabs()->currentWidget());
    REQUIRE(tab);
    runner.watch(tab); // the page has long loaded: it probes at once
    testsupport::waitFor([&] { return code >= 0; }, 30000);
    CHECK(code == 0);
    CHECK_FALSE(QImage(png).isNull());
}
