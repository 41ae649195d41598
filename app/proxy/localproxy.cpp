#include "proxy/localproxy.h"

#include "proxy/proxylog.h"
#include "util/lowdelay.h"

#include <QRandomGenerator>
#include <QTcpServer>
#include <QTcpSocket>

using namespace Qt::StringLiterals;

namespace app {

LocalProxy::LocalProxy(LocalConnection::StreamOpener opener, QObject *parent)
    : QObject(parent)
    , m_server(new QTcpServer(this))
    , m_opener(std::move(opener)) {
    connect(m_server, &QTcpServer::pendingConnectionAvailable, this, &LocalProxy::acceptPending);
}

LocalProxy::~LocalProxy() = default;

bool LocalProxy::listen(QString *error) {
    // A random 127.0.0.N first (a few tries), then 127.0.0.1.
    QList<QHostAddress> candidates;
    for (int i = 0; i < 4; ++i)
        candidates << QHostAddress(0x7f000000u |
                                   quint32(QRandomGenerator::global()->bounded(2, 255)));
    candidates << QHostAddress(QHostAddress::LocalHost);
    for (const QHostAddress &address : candidates) {
        if (m_server->listen(address, 0)) {
            m_auth = std::make_unique<LocalAuth>(address, m_server->serverPort(),
                                                 LocalAuth::newSecret());
            qCInfo(lcLocalProxy).noquote() << "listening on" << m_auth->hostHeader();
            return true;
        }
    }
    if (error)
        *error = m_server->errorString();
    return false;
}

QUrl LocalProxy::entryUrl() const {
    return m_auth ? m_auth->entryUrl() : QUrl();
}

QHostAddress LocalProxy::address() const {
    return m_server->serverAddress();
}

quint16 LocalProxy::port() const {
    return m_server->serverPort();
}

void LocalProxy::close() {
    m_server->close();
}

void LocalProxy::acceptPending() {
    while (QTcpSocket *socket = m_server->nextPendingConnection()) {
        pc::setLowDelay(socket);
        auto *connection = new LocalConnection(socket, *m_auth, m_opener, this);
        connect(connection, &LocalConnection::traffic, this, &LocalProxy::traffic);
    }
}

} // namespace app
