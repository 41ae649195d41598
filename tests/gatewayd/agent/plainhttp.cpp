#include "plainhttp.h"

#include <QTcpSocket>
#include <memory>

namespace agenttest {

PlainHttp::PlainHttp(QObject *parent)
    : QObject(parent) {
    connect(&m_server, &QTcpServer::newConnection, this, [this] {
        while (QTcpSocket *socket = m_server.nextPendingConnection()) {
            socket->setParent(this);
            auto head = std::make_shared<QByteArray>();
            connect(socket, &QIODevice::readyRead, socket, [this, socket, head] {
                *head += socket->readAll();
                const qsizetype end = head->indexOf("\r\n\r\n");
                if (end < 0)
                    return;
                m_requests.append(head->left(end));
                const QByteArray target = head->split(' ').value(1);
                const QByteArray body = "published " + target + '\n';
                socket->write("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: " +
                              QByteArray::number(body.size()) + "\r\nConnection: close\r\n\r\n" +
                              body);
                socket->disconnectFromHost();
                head->clear();
            });
            connect(socket, &QAbstractSocket::disconnected, socket, &QObject::deleteLater);
        }
    });
    m_server.listen(QHostAddress::LocalHost, 0);
}

} // namespace agenttest
