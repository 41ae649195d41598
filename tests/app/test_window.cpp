// The window offscreen: message pages instead of blank views, tabs per session and per
// popup on the session's own profile, closing a session, downloads.
#include "apptestsupport.h"
#include "fakeclock.h"
#include "refusinggateway.h"
#include "ui/downloadlist.h"
#include "ui/mainwindow.h"
#include "ui/messagepage.h"
#include "ui/sessioncontext.h"
#include "ui/sessionstatusstrip.h"
#include "ui/sessiontab.h"
#include "ui/sessionwebview.h"
#include "waitfor.h"

#include <QApplication>
#include <QDateTime>
#include <QDir>
#include <QFileDialog>
#include <QProgressBar>
#include <QScopeGuard>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTimer>
#include <QWebEngineProfile>
#include <catch2/catch.hpp>
#include <memory>

using namespace Qt::StringLiterals;
using app::BmcSession;
using testsupport::waitFor;

namespace {

// How long a window test waits for the page or the session, unless it says otherwise.
constexpr int kWaitMs = 20000;

std::unique_ptr<BmcSession> makeSession(const QString &token,
                                        std::shared_ptr<const pc::Clock> clock = {}) {
    BmcSession::Failure failure = BmcSession::Failure::None;
    QString message;
    BmcSession::Options options;
    options.clock = std::move(clock);
    auto session = BmcSession::create(token, options, &failure, &message);
    INFO(message.toStdString());
    REQUIRE(session);
    return session;
}

bool runScript(QWebEngineView *view, const QString &script) {
    // Shared state: the callback may come after waitFor gave up.
    const auto done = std::make_shared<bool>(false);
    view->page()->runJavaScript(script, [done](const QVariant &) { *done = true; });
    return waitFor([done] { return *done; }, kWaitMs);
}

// Declines the next save dialog the window shows (as its Cancel button does). The answer
// records that the dialog came and the file it proposed.
struct DialogAnswer {
    bool asked = false;
    QString suggested;
};
std::shared_ptr<DialogAnswer> declineSaveDialog(QObject *owner) {
    auto answer = std::make_shared<DialogAnswer>();
    auto *timer = new QTimer(owner);
    timer->setInterval(20);
    QObject::connect(timer, &QTimer::timeout, timer, [timer, answer] {
        for (QWidget *w : QApplication::topLevelWidgets()) {
            if (auto *dialog = qobject_cast<QFileDialog *>(w); dialog && dialog->isVisible()) {
                answer->asked = true;
                answer->suggested = dialog->selectedFiles().value(0);
                timer->stop();
                dialog->reject();
                return;
            }
        }
    });
    timer->start();
    return answer;
}

// Clicks a download link for NAME with CONTENT in TAB's page.
bool clickDownload(app::SessionTab *tab, const QString &name, const QString &content) {
    return runScript(tab->view(), uR"(
        const a = document.createElement('a');
        a.href = 'data:text/plain,' + encodeURIComponent('%1');
        a.download = '%2';
        document.body.appendChild(a);
        a.click();
        true)"_s.arg(content, name));
}

} // namespace

TEST_CASE("a tab shows a connecting page, not a blank view, before its session connects") {
    app::SessionTab tab(makeSession(apptest::mintToken()));
    CHECK(tab.showsMessage());
    CHECK(tab.messagePage()->title() == u"Connecting…"_s);
    CHECK(tab.messagePage()->detail().contains(u"127.0.0.1:1"_s));
    CHECK(tab.title() == u"idrac9 10.0.0.5:443"_s);
}

TEST_CASE("a tab whose session ends shows a message page with the reason") {
    // The token runs out while the tab waits for its gateway (nothing listens there): the
    // session's clock passes the token's exp between the link's check and the connection.
    const auto clock =
        std::make_shared<testsupport::FakeClock>(QDateTime::currentMSecsSinceEpoch());
    const qint64 now = clock->secsSinceEpoch();
    app::SessionTab tab(makeSession(apptest::mintToken({{u"exp"_s, now + 2}}), clock));
    tab.resize(900, 600);
    tab.show();
    clock->advanceSecs(3);
    tab.start();
    BmcSession *session = tab.session();
    const auto over = [&] {
        return session->state() == BmcSession::State::Failed ||
               session->state() == BmcSession::State::Expired;
    };
    REQUIRE(waitFor(over, 30000));
    CHECK(tab.showsMessage());
    CHECK_FALSE(session->failureMessage().isEmpty());
    CHECK(tab.messagePage()->detail().contains(session->failureMessage()));
    if (session->state() == BmcSession::State::Expired)
        CHECK(tab.messagePage()->title() == u"This link has expired"_s);
    else if (session->failure() == BmcSession::Failure::Gateway)
        CHECK(tab.messagePage()->title().contains(u"127.0.0.1:1"_s));

    const QString strip = tab.findChild<app::SessionStatusStrip *>()->text();
    CHECK(strip.contains(u"idrac9"_s));
    CHECK(strip.contains(u"10.0.0.5:443"_s));
    CHECK(strip.contains(u"127.0.0.1:1"_s));
    CHECK((strip.contains(u"expired"_s) || strip.contains(u"failed"_s)));
}

TEST_CASE("a tab whose token the gateway refuses shows the gateway's reason") {
    RefusingGateway gateway("jti revoked");
    REQUIRE(gateway.ok());
    const QString upstream = u"127.0.0.1:%1"_s.arg(gateway.port());
    BmcSession::Options options;
    options.gatewayCa = QSslCertificate::fromPath(
        QDir(QStringLiteral(PMPROXY_TEST_DATA_DIR)).filePath(u"gateway.pem"_s));
    REQUIRE(options.gatewayCa.size() == 1);
    BmcSession::Failure failure = BmcSession::Failure::None;
    QString message;
    auto created = BmcSession::create(apptest::mintToken({{u"upstream"_s, upstream}}), options,
                                      &failure, &message);
    REQUIRE(created);
    app::SessionTab tab(std::move(created));
    tab.show();
    tab.start();
    BmcSession *session = tab.session();
    REQUIRE(waitFor([&] { return session->state() == BmcSession::State::Failed; }, 30000));
    CHECK(session->failure() == BmcSession::Failure::Gateway);
    CHECK(tab.showsMessage());
    CHECK(tab.messagePage()->title().contains(upstream));
    CHECK(tab.messagePage()->detail().contains(session->failureMessage()));
    CHECK(tab.messagePage()->detail().contains(u"refused"_s));
    CHECK(tab.messagePage()->detail().contains(u"jti revoked"_s)); // the gateway's own words
}

TEST_CASE("the status strip counts down the token's time") {
    app::SessionTab tab(makeSession(apptest::mintToken()));
    const QString strip = tab.findChild<app::SessionStatusStrip *>()->text();
    CHECK(strip.contains(u"not started"_s));
    CHECK(strip.contains(u"token expires in 4:"_s));
    CHECK(strip.contains(u"round trip –"_s));
}

TEST_CASE("the status strip counts down on the session's clock") {
    // The strip tells the time left by the clock the session's expiry is measured on: a
    // fake one here, moved forward instead of waited out.
    const auto clock = testsupport::FakeClock::atSecs(QDateTime::currentSecsSinceEpoch());
    const qint64 now = clock->secsSinceEpoch();
    app::SessionTab tab(makeSession(apptest::mintToken({{u"exp"_s, now + 600}}), clock));
    const auto *strip = tab.findChild<app::SessionStatusStrip *>();
    REQUIRE(strip);
    CHECK(strip->text().contains(u"token expires in 10:00"_s));
    clock->advanceSecs(600 - 75);
    CHECK(waitFor([&] { return strip->text().contains(u"token expires in 1:15"_s); }, 5000));
    clock->advanceSecs(75);
    CHECK(waitFor([&] { return strip->text().contains(u"token expired"_s); }, 5000));
}

TEST_CASE("the window refuses a bad link and explains an expired one in a tab") {
    app::MainWindow window;
    CHECK_FALSE(window.openLink(u"not a link"_s));
    CHECK(window.tabs()->count() == 0);

    CHECK(window.openLink(apptest::mintExpiredToken()));
    REQUIRE(window.tabs()->count() == 1);
    auto *page = qobject_cast<app::MessagePage *>(window.tabs()->widget(0));
    REQUIRE(page);
    CHECK(page->title() == u"This link has expired"_s);
    CHECK(page->detail().contains(u"expired"_s));
}

TEST_CASE("a pasted https link whose token names another gateway gets a page, no session") {
    app::MainWindow window;
    QList<app::SessionTab *> opened;
    QObject::connect(&window, &app::MainWindow::tabOpened,
                     [&](app::SessionTab *t) { opened.append(t); });
    const QString token = apptest::mintToken({{u"upstream"_s, u"127.0.0.1:9"_s}});
    REQUIRE(window.openLink(u"https://gw.example.com/gpsession?token="_s + token));
    CHECK(opened.isEmpty());
    REQUIRE(window.tabs()->count() == 1);
    auto *page = qobject_cast<app::MessagePage *>(window.tabs()->widget(0));
    REQUIRE(page);
    CHECK(page->title() == u"This link does not match its gateway"_s);
    CHECK(page->detail().contains(u"gw.example.com"_s));
    CHECK(page->detail().contains(u"127.0.0.1:9"_s));

    // The link's own gateway is accepted.
    REQUIRE(window.openLink(u"https://127.0.0.1:9/gpsession?token="_s + token));
    CHECK(opened.size() == 1);
}

TEST_CASE("a pasted link to a gateway the setting refuses gets a page naming it") {
    BmcSession::Options options;
    options.gateways.addList(u"/etc/xdg/pmproxy/pmproxy.conf"_s, {u"*.gw.example.com"_s});
    app::MainWindow window(options);
    REQUIRE(window.openLink(apptest::mintToken({{u"upstream"_s, u"gw.example.com:8443"_s}})));
    REQUIRE(window.tabs()->count() == 1);
    auto *page = qobject_cast<app::MessagePage *>(window.tabs()->widget(0));
    REQUIRE(page);
    CHECK(page->title() == u"The gateway gw.example.com:8443 is not allowed"_s);
    CHECK(page->detail().contains(u"/etc/xdg/pmproxy/pmproxy.conf"_s));
    CHECK(window.sessionTab(0) == nullptr);

    REQUIRE(window.openLink(apptest::mintToken({{u"upstream"_s, u"a.gw.example.com"_s}})));
    REQUIRE(window.tabs()->count() == 2);
    CHECK(window.sessionTab(1) != nullptr);
}

TEST_CASE("each link gets its own tab and profile, and closing it ends the session") {
    app::MainWindow window;
    window.show();
    QList<app::SessionTab *> opened;
    QObject::connect(&window, &app::MainWindow::tabOpened,
                     [&](app::SessionTab *t) { opened.append(t); });
    REQUIRE(window.openLink(apptest::mintToken()));
    REQUIRE(window.openLink(
        u"pmproxy://gpsession?token="_s +
        apptest::mintToken({{u"ip"_s, u"10.0.0.6"_s}, {u"platform"_s, u"asrockrack"_s}})));
    REQUIRE(opened.size() == 2);
    CHECK(window.tabs()->count() == 2);
    CHECK(window.tabs()->tabText(1) == u"asrockrack 10.0.0.6:443"_s);
    CHECK(window.windowTitle() == u"asrockrack 10.0.0.6:443 – pmproxy"_s);

    QWebEngineProfile *a = opened[0]->context()->profile();
    QWebEngineProfile *b = opened[1]->context()->profile();
    CHECK(a != b);
    CHECK(a->isOffTheRecord());
    CHECK(b->isOffTheRecord());

    QPointer<app::SessionContext> context = opened[0]->context();
    QPointer<QWebEngineProfile> profile = a;
    QPointer<BmcSession> session = opened[0]->session();
    Q_EMIT window.tabs()->tabCloseRequested(0);
    CHECK(window.tabs()->count() == 1);
    CHECK(context.isNull());
    CHECK(profile.isNull());
    CHECK(session.isNull());
}

TEST_CASE("a page's popup opens as a tab of the same session and closes with it") {
    app::MainWindow window;
    window.resize(1000, 700);
    window.show();
    REQUIRE(window.openLink(apptest::mintToken()));
    app::SessionTab *tab = window.sessionTab(0);
    REQUIRE(tab);
    // Drive the tab's page directly: the BMC is not reachable in this test.
    tab->view()->setHtml(u"<html><body>console launcher</body></html>"_s);
    REQUIRE(waitFor(
        [&] {
            return tab->view()->title() == u"console launcher"_s ||
                   !tab->view()->page()->isLoading();
        },
        kWaitMs));
    REQUIRE(runScript(tab->view(), u"window.open('about:blank', '_blank'); true"_s));
    REQUIRE(waitFor([&] { return window.tabs()->count() == 2; }, kWaitMs));
    app::SessionTab *popup = window.sessionTab(1);
    REQUIRE(popup);
    CHECK(popup->isPopup());
    CHECK(popup->context() == tab->context());
    CHECK(popup->view()->page()->profile() == tab->view()->page()->profile());
    CHECK(window.tabs()->currentWidget() == popup);

    // The popup's page closes itself: its tab goes, the session's tab stays.
    REQUIRE(runScript(popup->view(), u"window.close(); true"_s));
    REQUIRE(waitFor([&] { return window.tabs()->count() == 1; }, kWaitMs));
    CHECK(window.sessionTab(0) == tab);

    // Closing the session's tab closes its popups too.
    REQUIRE(runScript(tab->view(), u"window.open('about:blank'); true"_s));
    REQUIRE(waitFor([&] { return window.tabs()->count() == 2; }, kWaitMs));
    Q_EMIT window.tabs()->tabCloseRequested(0);
    CHECK(window.tabs()->count() == 0);
}

TEST_CASE("a download asks where to save it and saves it there, with a progress bar") {
    app::MainWindow window;
    window.show();
    REQUIRE(window.openLink(apptest::mintToken()));
    app::SessionTab *tab = window.sessionTab(0);
    tab->view()->setHtml(u"<html><body>files</body></html>"_s);
    REQUIRE(waitFor([&] { return !tab->view()->page()->isLoading(); }, kWaitMs));

    const QString dir = app::DownloadList::downloadDirectory();
    CHECK(dir.startsWith(QDir::homePath())); // the test's private HOME
    QFile::remove(QDir(dir).filePath(u"report.txt"_s));
    QFile existing(QDir(dir).filePath(u"report.txt"_s));
    REQUIRE(existing.open(QIODevice::WriteOnly)); // a file of that name is kept
    existing.write("older");
    existing.close();

    QTemporaryDir elsewhere;
    const QString chosen = elsewhere.filePath(u"bmc-report.txt"_s);
    // The user's answer, given where the app asks (DownloadList::setSaveAsk): typing into
    // the dialog's widgets raced with its directory loading. The dialog itself is shown
    // and declined in the next test.
    auto answer = std::make_shared<DialogAnswer>();
    app::DownloadList::setSaveAsk([answer, chosen](QWidget *, const QString &suggested) {
        answer->asked = true;
        answer->suggested = suggested;
        return chosen;
    });
    const auto restore = qScopeGuard([] { app::DownloadList::setSaveAsk({}); });
    REQUIRE(clickDownload(tab, u"report.txt"_s, u"hello from the BMC"_s));
    REQUIRE(waitFor([&] { return answer->asked; }, kWaitMs));
    // The dialog proposes the Downloads folder under a name that overwrites nothing.
    CHECK(answer->suggested == QDir(dir).filePath(u"report (2).txt"_s));
    REQUIRE(waitFor(
        [&] {
            QFile f(chosen);
            return f.open(QIODevice::ReadOnly) && f.readAll() == "hello from the BMC";
        },
        kWaitMs));
    auto *list = tab->findChild<app::DownloadList *>();
    REQUIRE(list);
    CHECK(list->count() == 1);
    CHECK(list->isVisibleTo(tab));
    auto *bar = list->findChild<QProgressBar *>(u"downloadProgress"_s);
    REQUIRE(bar);
    REQUIRE(waitFor([&] { return bar->value() == bar->maximum() && bar->maximum() > 0; }, kWaitMs));
    QFile older(QDir(dir).filePath(u"report.txt"_s));
    REQUIRE(older.open(QIODevice::ReadOnly));
    CHECK(older.readAll() == "older");
    CHECK(QDir(dir).entryList({u"report*"_s}, QDir::Files) == QStringList{u"report.txt"_s});
}

TEST_CASE("a declined save dialog cancels the download") {
    app::MainWindow window;
    window.show();
    REQUIRE(window.openLink(apptest::mintToken()));
    app::SessionTab *tab = window.sessionTab(0);
    tab->view()->setHtml(u"<html><body>files</body></html>"_s);
    REQUIRE(waitFor([&] { return !tab->view()->page()->isLoading(); }, kWaitMs));
    const QDir dir(app::DownloadList::downloadDirectory());
    const QStringList before = dir.entryList(QDir::Files);

    QObject owner;
    const auto answer = declineSaveDialog(&owner);
    REQUIRE(clickDownload(tab, u"declined.bin"_s, u"not wanted"_s));
    REQUIRE(waitFor([&] { return answer->asked; }, kWaitMs));
    CHECK(answer->suggested.endsWith(u"/declined.bin"_s));
    // A second download shows that the first one has been dealt with (downloads come in
    // order): it asks again, and the first never reached the disk.
    const auto second = declineSaveDialog(&owner);
    REQUIRE(clickDownload(tab, u"second.bin"_s, u"not wanted either"_s));
    REQUIRE(waitFor([&] { return second->asked; }, kWaitMs));
    CHECK(dir.entryList(QDir::Files) == before);
    CHECK(tab->findChild<app::DownloadList *>()->count() == 0);
}

TEST_CASE("download names never overwrite and never leave the folder") {
    QTemporaryDir dir;
    using app::DownloadList;
    CHECK(DownloadList::uniqueFileName(dir.path(), u"a.iso"_s) == u"a.iso"_s);
    QFile(dir.filePath(u"a.iso"_s)).open(QIODevice::WriteOnly);
    CHECK(DownloadList::uniqueFileName(dir.path(), u"a.iso"_s) == u"a (2).iso"_s);
    CHECK(DownloadList::uniqueFileName(dir.path(), u"../../etc/passwd"_s) == u"passwd"_s);
    CHECK(DownloadList::uniqueFileName(dir.path(), QString()) == u"download"_s);
}
