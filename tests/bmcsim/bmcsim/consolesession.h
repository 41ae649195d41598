#pragma once

// One console WebSocket after the upgrade: the platform's in-band handshake, then the
// test pattern at ~15 fps and an echo for every input event (testpattern.h). Frames are
// skipped, not queued, while the client is slow to read.

#include "bmcsim/consolehandshake.h"

#include <QObject>
#include <QTimer>

class QSslSocket;
class QWebSocket;

namespace bmcsim {

class CheckLog;

class ConsoleSession : public QObject {
    Q_OBJECT
public:
    // Takes ownership of `socket`; deletes itself when the socket disconnects.
    // `transport` is the TLS socket under it, whose backlog decides when to skip frames.
    ConsoleSession(QWebSocket *socket, QSslSocket *transport, ConsoleHandshake handshake,
                   CheckLog *log, QObject *parent);

    // Accepts and at once closes `socket` (the way some BMCs refuse a console), with
    // `reason` as the close reason; the socket deletes itself once closed.
    static void closeAtOnce(QWebSocket *socket, const QString &reason);

private:
    void onBinaryMessage(const QByteArray &message);
    void startStreaming();
    void sendFrame();

    QWebSocket *m_socket;
    QSslSocket *m_transport;
    ConsoleHandshake m_handshake;
    CheckLog *m_log;
    QTimer m_timer;
    quint32 m_frameNumber = 0;
    bool m_streaming = false;
};

} // namespace bmcsim
