// The screenshot mode's waiting, offscreen: a page without a console is saved once loaded;
// a console canvas is waited for until its first frame is drawn (the PNG shows it); a
// canvas that never draws ends in exit 1 with what was shown saved.
#include "apptestsupport.h"
#include "headless/screenshotrunner.h"
#include "ui/mainwindow.h"
#include "ui/sessiontab.h"
#include "ui/sessionwebview.h"
#include "waitfor.h"

#include <QEventLoop>
#include <QImage>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTimer>
#include <catch2/catch.hpp>

using namespace Qt::StringLiterals;

namespace {

// A popup tab of a fresh session: popups always show their page (the session's own tab
// shows a message page while its gateway, 127.0.0.1:1 here, cannot be reached).
app::SessionTab *openPopupTab(app::MainWindow &window) {
    REQUIRE(window.openLink(apptest::mintToken()));
    app::SessionTab *tab = window.sessionTab(0);
    tab->view()->page()->runJavaScript(u"window.open('about:blank'); true"_s);
    REQUIRE(testsupport::waitFor([&] { return window.tabs()->count() >= 2; }, 20000));
    REQUIRE(window.tabs()->count() == 2);
    return window.sessionTab(1);
}

int runUntilFinished(app::ScreenshotRunner &runner, int timeoutMs = 30000) {
    int code = -1;
    QEventLoop loop;
    QObject::connect(&runner, &app::ScreenshotRunner::finished, &loop, [&](int c) {
        code = c;
        loop.quit();
    });
    QTimer::singleShot(timeoutMs, &loop, &QEventLoop::quit);
    loop.exec();
    return code;
}

// How many pixels of IMAGE are pure-ish red (the test canvas's colour).
int redPixels(const QImage &image) {
    int n = 0;
    for (int y = 0; y < image.height(); y += 2)
        for (int x = 0; x < image.width(); x += 2) {
            const QColor c = image.pixelColor(x, y);
            if (c.red() > 200 && c.green() < 60 && c.blue() < 60)
                ++n;
        }
    return n;
}

app::ScreenshotRunner::Timing fastTiming() {
    app::ScreenshotRunner::Timing t;
    t.totalMs = 25000;
    t.settleMs = 500;
    t.frameMs = 3000;
    t.pollMs = 100;
    t.paintMs = 300;
    return t;
}

} // namespace

TEST_CASE("a screenshot waits for a console canvas's first frame") {
    QTemporaryDir dir;
    const QString file = dir.filePath(u"shot.png"_s);
    app::MainWindow window;
    window.resize(1000, 700);
    window.show();
    app::SessionTab *popup = openPopupTab(window);
    app::ScreenshotRunner runner(&window, file, fastTiming());
    runner.watch(popup);
    // The console draws its first frame a second after the page has loaded.
    popup->view()->setHtml(u"<html><body style='margin:0;background:#fff'>"
                           "<canvas id=c width=400 height=300></canvas><script>"
                           "setTimeout(() => { const x = document.getElementById('c')"
                           ".getContext('2d'); x.fillStyle = '#f00'; x.fillRect(0, 0, 400, 300);"
                           " }, 1000);</script></body></html>"_s);
    CHECK(runUntilFinished(runner) == 0);
    QImage shot(file);
    REQUIRE_FALSE(shot.isNull());
    CHECK(shot.size() == window.size());
    CHECK(redPixels(shot) > 5000); // the frame is in the picture, not a blank canvas
}

TEST_CASE("a screenshot of a page without a console is taken once it has loaded") {
    QTemporaryDir dir;
    const QString file = dir.filePath(u"login.png"_s);
    app::MainWindow window;
    window.show();
    app::SessionTab *popup = openPopupTab(window);
    app::ScreenshotRunner runner(&window, file, fastTiming());
    runner.watch(popup);
    popup->view()->setHtml(u"<html><body><form>user <input> password <input type=password>"
                           "</form></body></html>"_s);
    CHECK(runUntilFinished(runner) == 0);
    CHECK_FALSE(QImage(file).isNull());
}

TEST_CASE("a console that never draws ends with exit 1 and what was shown saved") {
    QTemporaryDir dir;
    const QString file = dir.filePath(u"blank.png"_s);
    app::MainWindow window;
    window.show();
    app::SessionTab *popup = openPopupTab(window);
    app::ScreenshotRunner runner(&window, file, fastTiming());
    runner.watch(popup);
    popup->view()->setHtml(u"<html><body><canvas width=300 height=200></canvas></body></html>"_s);
    CHECK(runUntilFinished(runner) == 1);
    CHECK_FALSE(QImage(file).isNull());
}

TEST_CASE("an unwritable screenshot file ends with exit 1") {
    app::MainWindow window;
    window.show();
    app::SessionTab *popup = openPopupTab(window);
    app::ScreenshotRunner runner(&window, u"/nonexistent-dir/shot.png"_s, fastTiming());
    runner.watch(popup);
    popup->view()->setHtml(u"<html><body>x</body></html>"_s);
    CHECK(runUntilFinished(runner) == 1);
}

TEST_CASE("a page that fails to load ends with exit 1") {
    QTemporaryDir dir;
    const QString file = dir.filePath(u"error.png"_s);
    app::MainWindow window;
    window.show();
    app::SessionTab *popup = openPopupTab(window);
    app::ScreenshotRunner runner(&window, file, fastTiming());
    runner.watch(popup);
    popup->view()->load(QUrl(u"http://127.0.0.1:1/"_s)); // nothing listens there
    CHECK(runUntilFinished(runner) == 1);
    CHECK_FALSE(QImage(file).isNull()); // Chromium's error page, for the record
}
