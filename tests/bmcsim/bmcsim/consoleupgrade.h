#pragma once

// Hands a socket whose next bytes are a WebSocket upgrade request to Qt's WebSocket
// server code.
//
// QWebSocketServer::handleConnection(QTcpSocket *) reads the handshake from the socket
// itself: it peeks until it sees the end of the head, skips exactly those bytes, answers
// 101 and wraps the socket in a QWebSocket (any bytes after the head stay for the
// WebSocket). So the HTTP side decides from a *peeked* copy of the head that this is an
// upgrade and whether to allow it, and hands the socket over without consuming a byte;
// Qt then parses the same head again. The socket is already TLS (a QSslSocket), so the
// server runs in NonSecureMode. One server per upgrade, because the subprotocol the
// server may select differs per request (OpenBMC selects the session's own XSRF token).

#include "bmcsim/dispatch.h"

#include <QObject>

class QSslSocket;
class QWebSocketServer;

namespace bmcsim {

class CheckLog;

class ConsoleUpgrade : public QObject {
    Q_OBJECT
public:
    // Takes `socket` over (it must not have been read past the upgrade request) and
    // deletes itself once the WebSocket is handed to a ConsoleSession (a child of
    // `owner`, like this object) or the socket is gone.
    static void start(QSslSocket *socket, UpgradeDecision decision, CheckLog *log, QObject *owner);

private:
    ConsoleUpgrade(QSslSocket *socket, UpgradeDecision decision, CheckLog *log, QObject *owner);
    void onNewConnection();

    QSslSocket *m_socket;
    QWebSocketServer *m_server;
    UpgradeDecision m_decision;
    CheckLog *m_log;
};

} // namespace bmcsim
