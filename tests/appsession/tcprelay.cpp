#include "tcprelay.h"

#include <QTcpServer>
#include <QTcpSocket>

TcpRelay::TcpRelay(quint16 target, QObject *parent)
    : QObject(parent)
    , m_server(new QTcpServer(this))
    , m_target(target) {
    connect(m_server, &QTcpServer::pendingConnectionAvailable, this, &TcpRelay::accept);
    m_server->listen(QHostAddress::LocalHost, 0);
}

quint16 TcpRelay::port() const {
    return m_server->serverPort();
}

int TcpRelay::connections() const {
    int n = 0;
    for (const auto &s : m_sockets)
        n += s && s->state() == QAbstractSocket::ConnectedState;
    return n;
}

int TcpRelay::cutAll() {
    int n = 0;
    for (const auto &s : std::as_const(m_sockets)) {
        if (QTcpSocket *socket = s.data();
            socket && socket->state() != QAbstractSocket::UnconnectedState) {
            socket->abort();
            ++n;
        }
    }
    m_sockets.clear();
    return n;
}

void TcpRelay::accept() {
    while (QTcpSocket *client = m_server->nextPendingConnection()) {
        auto *gateway = new QTcpSocket(client);
        m_sockets << client << gateway;
        connect(client, &QIODevice::readyRead, gateway, [client, gateway] {
            if (gateway->state() == QAbstractSocket::ConnectedState)
                gateway->write(client->readAll());
        });
        connect(gateway, &QAbstractSocket::connected, client,
                [client, gateway] { gateway->write(client->readAll()); });
        connect(gateway, &QIODevice::readyRead, client,
                [client, gateway] { client->write(gateway->readAll()); });
        connect(gateway, &QAbstractSocket::disconnected, client, [client] { client->abort(); });
        connect(client, &QAbstractSocket::disconnected, client, [client, gateway] {
            gateway->abort();
            client->deleteLater();
        });
        gateway->connectToHost(QHostAddress::LocalHost, m_target);
    }
}
