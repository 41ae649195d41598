#include "cannedbmc.h"

#include "servertls.h"

#include <QSslServer>
#include <QSslSocket>

CannedBmc::CannedBmc()
    : m_server(new QSslServer(this)) {
    const QSslConfiguration tls = testsupport::selfSignedServerTls();
    if (tls.isNull())
        return;
    m_server->setSslConfiguration(tls);
    connect(m_server, &QSslServer::pendingConnectionAvailable, this, &CannedBmc::accept);
    m_server->listen(QHostAddress::LocalHost, 0);
}

CannedBmc::~CannedBmc() {
    m_server->close();
}

bool CannedBmc::listening() const {
    return m_server->isListening();
}

quint16 CannedBmc::port() const {
    return m_server->serverPort();
}

void CannedBmc::answer(const QByteArray &path, const QByteArray &response) {
    m_answers.insert(path, response);
}

void CannedBmc::accept() {
    while (m_server->hasPendingConnections()) {
        auto *socket = qobject_cast<QSslSocket *>(m_server->nextPendingConnection());
        if (!socket)
            continue;
        socket->setParent(this);
        auto *inbox = new QByteArray;
        connect(socket, &QObject::destroyed, this, [inbox] { delete inbox; });
        connect(socket, &QAbstractSocket::disconnected, socket, &QObject::deleteLater);
        connect(socket, &QIODevice::readyRead, this, [this, socket, inbox] {
            *inbox += socket->readAll();
            for (qsizetype end = inbox->indexOf("\r\n\r\n"); end >= 0;
                 end = inbox->indexOf("\r\n\r\n")) {
                const QByteArray head = inbox->left(end + 4);
                inbox->remove(0, end + 4);
                m_requests.append(head);
                const QList<QByteArray> line = head.left(head.indexOf("\r\n")).split(' ');
                const QByteArray path = line.size() > 1 ? line.at(1) : QByteArray();
                socket->write(
                    m_answers.value(path, "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n"));
            }
        });
    }
}
