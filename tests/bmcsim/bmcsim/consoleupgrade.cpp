#include "bmcsim/consoleupgrade.h"

#include "bmcsim/consolesession.h"
#include "bmcsim/logging.h"

#include <QSslSocket>
#include <QWebSocket>
#include <QWebSocketServer>

using namespace Qt::StringLiterals;

namespace bmcsim {

void ConsoleUpgrade::start(QSslSocket *socket, UpgradeDecision decision, CheckLog *log,
                           QObject *owner) {
    new ConsoleUpgrade(socket, std::move(decision), log, owner);
}

ConsoleUpgrade::ConsoleUpgrade(QSslSocket *socket, UpgradeDecision decision, CheckLog *log,
                               QObject *owner)
    : QObject(owner)
    , m_socket(socket)
    , m_server(new QWebSocketServer(u"bmcsim"_s, QWebSocketServer::NonSecureMode, this))
    , m_decision(std::move(decision))
    , m_log(log) {
    socket->setParent(this);
    // Until Qt has turned it into a QWebSocket, the socket's end is this object's end.
    connect(socket, &QSslSocket::disconnected, this, &QObject::deleteLater);
    m_server->setSupportedSubprotocols(m_decision.subprotocols);
    connect(m_server, &QWebSocketServer::newConnection, this, &ConsoleUpgrade::onNewConnection);
    m_server->handleConnection(socket);
}

void ConsoleUpgrade::onNewConnection() {
    QWebSocket *ws = m_server->nextPendingConnection();
    if (!ws)
        return;
    disconnect(m_socket, nullptr, this, nullptr);
    ws->setParent(parent());
    m_socket->setParent(ws);
    if (!m_decision.closeReason.isEmpty())
        ConsoleSession::closeAtOnce(ws, m_decision.closeReason);
    else
        new ConsoleSession(ws, m_socket, m_decision.handshake, m_log, parent());
    deleteLater();
}

} // namespace bmcsim
