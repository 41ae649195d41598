#pragma once

#include <QPointer>
#include <QWidget>

class QLabel;
class QTimer;

namespace app {

class BmcSession;

// The strip under a session tab: platform, BMC address, gateway, connection state,
// round-trip time, bytes moved each way and the time left on the token, kept current
// from the session's signals (and a one-second tick for the countdown).
class SessionStatusStrip : public QWidget {
    Q_OBJECT
public:
    explicit SessionStatusStrip(BmcSession *session, QWidget *parent = nullptr);

    // The strip's text as shown, for tests and accessibility.
    QString text() const;

private:
    void refresh();

    QPointer<BmcSession> m_session;
    QLabel *m_identity = nullptr; // platform, BMC, gateway
    QLabel *m_state = nullptr;
    QLabel *m_traffic = nullptr; // round trip, bytes
    QLabel *m_expiry = nullptr;
    QTimer *m_tick = nullptr;
};

} // namespace app
