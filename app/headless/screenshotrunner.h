#pragma once

#include <QElapsedTimer>
#include <QObject>
#include <QPointer>
#include <QTimer>

namespace app {

class MainWindow;
class SessionTab;

// `pmproxy --screenshot FILE LINK`: opens LINK in the (offscreen) window, waits until the
// page has loaded and, if it shows a console (a <canvas>, also in same-origin frames),
// until that canvas has its first drawn frame; then saves a PNG of the window to FILE.
// A popup the page opens (consoles often do) becomes the page waited for.
//
// Exit codes: 0 saved; the session's code when it fails (the PNG then shows the message
// page); 1 when FILE cannot be written or nothing was ready in time (a PNG of what
// there was is still written).
class ScreenshotRunner : public QObject {
    Q_OBJECT
public:
    struct Timing {
        int totalMs = 90'000; // everything, from start()
        int settleMs = 2'000; // after loading: how long a console may take to add its canvas
        int frameMs = 30'000; // a canvas's first frame
        int pollMs = 250;
        int paintMs = 400; // after ready: let the view present what was drawn
    };

    ScreenshotRunner(MainWindow *window, QString file, QObject *parent = nullptr);
    ScreenshotRunner(MainWindow *window, QString file, Timing timing, QObject *parent = nullptr);

    void start(const QString &link);
    // Waits for TAB from now on (start() does this for every tab the window opens; tests
    // call it directly).
    void watch(SessionTab *tab);

    // The script that answers "none" (no canvas), "blank" (nothing drawn yet) or "frame".
    static QString canvasProbeScript();

Q_SIGNALS:
    void finished(int exitCode);

private:
    void onLoadFinished(bool ok);
    void probe();
    void capture(int exitCode, const QString &message);
    void finish(int exitCode, const QString &message);

    MainWindow *m_window;
    QString m_file;
    Timing m_timing;
    QPointer<SessionTab> m_tab;
    QTimer m_poll;
    QTimer m_total;
    QElapsedTimer m_sinceLoad;
    bool m_loadFailed = false;
    bool m_done = false;
    int m_generation = 0; // invalidates probe answers for a tab no longer tracked
};

} // namespace app
