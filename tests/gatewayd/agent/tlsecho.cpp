#include "tlsecho.h"

#include "servertls.h"

#include <QSslSocket>

namespace agenttest {

namespace {

constexpr qint64 kBacklog = 512 * 1024;
constexpr qint64 kPiece = 64 * 1024;

} // namespace

TlsEcho::TlsEcho(QObject *parent)
    : QObject(parent) {
    const QSslConfiguration tls = testsupport::selfSignedServerTls(&m_certificate);
    if (tls.isNull())
        return;
    m_server.setSslConfiguration(tls);
    connect(&m_server, &QTcpServer::pendingConnectionAvailable, this, [this] {
        while (QTcpSocket *socket = m_server.nextPendingConnection())
            serve(socket);
    });
    m_server.listen(QHostAddress::LocalHost, 0);
}

void TlsEcho::serve(QTcpSocket *socket) {
    ++m_connections;
    socket->setParent(this);
    socket->setReadBufferSize(kBacklog);
    auto echo = [socket] {
        while (socket->bytesAvailable() > 0 && socket->bytesToWrite() < kBacklog)
            socket->write(socket->read(kPiece));
    };
    connect(socket, &QIODevice::readyRead, socket, echo);
    connect(socket, &QIODevice::bytesWritten, socket, echo);
    connect(socket, &QAbstractSocket::disconnected, socket, &QObject::deleteLater);
    echo();
}

} // namespace agenttest
