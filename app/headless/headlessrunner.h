#pragma once

#include "session/bmcsession.h"

#include <QObject>
#include <QTimer>
#include <memory>

namespace app {

// `pmproxy --headless LINK`: no window. Starts the session; once connected, the local
// URL is the first line on stdout (flushed, for scripts). Serves until stop() (SIGINT or
// SIGTERM: exit 0) or the token's expiry (exit 3); a failed session prints the reason on
// stderr and finishes with its exit code (PRODUCT.md §3).
class HeadlessRunner : public QObject {
    Q_OBJECT
public:
    explicit HeadlessRunner(std::unique_ptr<BmcSession> session, QObject *parent = nullptr);
    ~HeadlessRunner() override;

    void start();
    void stop(); // a clean end asked for by the user: exit 0

Q_SIGNALS:
    void finished(int exitCode);

private:
    void onStateChanged(BmcSession::State state);
    void armExpiryTimer();
    void finish(int exitCode, const QString &message = {});

    std::unique_ptr<BmcSession> m_session;
    QTimer m_expiry;
    bool m_urlPrinted = false;
    bool m_finished = false;
};

} // namespace app
