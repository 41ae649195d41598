#include "headless/screenshotrunner.h"

#include "cli/exitcode.h"
#include "headless/headlesslog.h"
#include "session/bmcsession.h"
#include "ui/mainwindow.h"
#include "ui/sessiontab.h"
#include "ui/sessionwebview.h"

#include <QPixmap>
#include <QTextStream>
#include <QWebEnginePage>
#include <QWebEngineScript>

using namespace Qt::StringLiterals;

namespace app {

ScreenshotRunner::ScreenshotRunner(MainWindow *window, QString file, QObject *parent)
    : ScreenshotRunner(window, std::move(file), Timing{}, parent) {}

ScreenshotRunner::ScreenshotRunner(MainWindow *window, QString file, Timing timing, QObject *parent)
    : QObject(parent)
    , m_window(window)
    , m_file(std::move(file))
    , m_timing(timing) {
    m_poll.setInterval(m_timing.pollMs);
    connect(&m_poll, &QTimer::timeout, this, &ScreenshotRunner::probe);
    m_total.setSingleShot(true);
    connect(&m_total, &QTimer::timeout, this, [this] {
        capture(kExitOther, tr("pmproxy: the page was not ready within %1 s; saved what was "
                               "shown.")
                                .arg(m_timing.totalMs / 1000));
    });
    connect(m_window, &MainWindow::tabOpened, this, &ScreenshotRunner::watch);
}

QString ScreenshotRunner::canvasProbeScript() {
    // Canvases of the page and of its same-origin frames; a canvas counts as showing a
    // frame once any pixel has been drawn (a fresh canvas is fully transparent). A canvas
    // tainted by cross-origin drawing cannot be read, but has been drawn to.
    return uR"JS((function () {
  function collect(doc, out) {
    out.push(...doc.querySelectorAll('canvas'));
    for (const f of doc.querySelectorAll('iframe, frame')) {
      try { if (f.contentDocument) collect(f.contentDocument, out); } catch (e) {}
    }
    return out;
  }
  const canvases = collect(document, []).filter(c => c.width > 0 && c.height > 0);
  if (canvases.length === 0) return 'none';
  for (const c of canvases) {
    try {
      const w = Math.min(c.width, 320), h = Math.min(c.height, 240);
      const probe = document.createElement('canvas');
      probe.width = w; probe.height = h;
      const ctx = probe.getContext('2d');
      ctx.drawImage(c, 0, 0, w, h);
      const px = ctx.getImageData(0, 0, w, h).data;
      for (let i = 3; i < px.length; i += 4) if (px[i] !== 0) return 'frame';
    } catch (e) { return 'frame'; }
  }
  return 'blank';
})())JS"_s;
}

void ScreenshotRunner::start(const QString &link) {
    m_total.start(m_timing.totalMs);
    m_window->show();
    if (!m_window->openLink(link))
        finish(exitCodeFor(BmcSession::Failure::BadLink), tr("pmproxy: not a gpsession link."));
}

void ScreenshotRunner::watch(SessionTab *tab) {
    ++m_generation;
    m_poll.stop();
    m_loadFailed = false;
    m_tab = tab;
    qCInfo(lcHeadless) << (tab->isPopup() ? "waiting for the popup's page"
                                          : "waiting for the page");
    connect(tab->view(), &QWebEngineView::loadFinished, this, [this, tab](bool ok) {
        if (tab == m_tab)
            onLoadFinished(ok);
    });
    // A page that has already loaded (a tab watched late) is probed from now on.
    if (!tab->view()->url().isEmpty() && !tab->view()->page()->isLoading())
        QTimer::singleShot(0, this, [this, tab] {
            if (tab == m_tab)
                onLoadFinished(true);
        });
    if (!tab->isPopup()) {
        connect(tab->session(), &BmcSession::stateChanged, this, [this](BmcSession::State s) {
            if (!m_tab || (s != BmcSession::State::Failed && s != BmcSession::State::Expired))
                return;
            BmcSession *session = m_tab->session();
            const BmcSession::Failure failure = s == BmcSession::State::Expired
                                                    ? BmcSession::Failure::TokenExpired
                                                    : session->failure();
            capture(exitCodeFor(failure), u"pmproxy: "_s + session->failureMessage());
        });
    }
}

void ScreenshotRunner::onLoadFinished(bool ok) {
    // A load can also "fail" because the page moved on to another one; the last word counts.
    m_loadFailed = !ok;
    if (!ok)
        qCWarning(lcHeadless) << "the page did not load completely";
    m_sinceLoad.start();
    m_poll.start();
    probe();
}

void ScreenshotRunner::probe() {
    if (!m_tab || m_done)
        return;
    const int generation = m_generation;
    m_tab->view()->page()->runJavaScript(
        canvasProbeScript(), QWebEngineScript::ApplicationWorld,
        [this, guard = QPointer<ScreenshotRunner>(this), generation](const QVariant &result) {
            if (!guard || generation != m_generation || m_done)
                return;
            const QString answer = result.toString();
            const qint64 waited = m_sinceLoad.elapsed();
            if (answer == u"frame"_s) {
                qCInfo(lcHeadless) << "the console shows a frame";
                capture(kExitOk, {});
            } else if (answer == u"blank"_s) {
                if (waited > m_timing.frameMs)
                    capture(kExitOther, tr("pmproxy: the console showed no frame within %1 s; "
                                           "saved what was shown.")
                                            .arg(m_timing.frameMs / 1000));
            } else if (waited > m_timing.settleMs) {
                if (m_loadFailed) // Chromium's error page: saved, but not a success
                    capture(kExitOther, tr("pmproxy: the page did not load; saved what was "
                                           "shown."));
                else
                    capture(kExitOk, {}); // a page without a console, loaded
            }
        });
}

void ScreenshotRunner::capture(int exitCode, const QString &message) {
    if (m_done)
        return;
    m_poll.stop();
    m_done = true;
    // Give the view a moment to present what was just drawn before grabbing the window.
    QTimer::singleShot(m_timing.paintMs, this, [this, exitCode, message] {
        const QPixmap shot = m_window->grab();
        if (shot.isNull() || !shot.save(m_file, "PNG")) {
            finish(kExitOther, tr("pmproxy: cannot write the screenshot to %1.").arg(m_file));
            return;
        }
        qCInfo(lcHeadless).noquote() << "saved" << m_file << shot.width() << "x" << shot.height();
        finish(exitCode, message);
    });
}

void ScreenshotRunner::finish(int exitCode, const QString &message) {
    m_done = true;
    m_poll.stop();
    m_total.stop();
    if (!message.isEmpty())
        QTextStream(stderr) << message << Qt::endl;
    Q_EMIT finished(exitCode);
}

} // namespace app
