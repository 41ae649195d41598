#include "refusinggateway.h"

#include <QDir>
#include <QFile>
#include <QSslKey>
#include <QSslSocket>

RefusingGateway::RefusingGateway(QByteArray detail)
    : m_detail(std::move(detail)) {
    const QDir data(QStringLiteral(PMPROXY_TEST_DATA_DIR));
    QFile keyFile(data.filePath(QStringLiteral("gateway.key")));
    if (!keyFile.open(QIODevice::ReadOnly))
        return;
    QSslConfiguration tls = QSslConfiguration::defaultConfiguration();
    tls.setLocalCertificateChain(
        QSslCertificate::fromPath(data.filePath(QStringLiteral("gateway.pem"))));
    tls.setPrivateKey(QSslKey(keyFile.readAll(), QSsl::Ec));
    tls.setPeerVerifyMode(QSslSocket::VerifyNone);
    m_server.setSslConfiguration(tls);
    connect(&m_server, &QTcpServer::pendingConnectionAvailable, this, [this] {
        while (QTcpSocket *socket = m_server.nextPendingConnection()) {
            connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
            connect(socket, &QTcpSocket::readyRead, socket, [this, socket] {
                // Unread bytes stay buffered: wait until the whole head is there.
                if (!socket->peek(socket->bytesAvailable()).contains("\r\n\r\n"))
                    return;
                socket->readAll();
                ++m_requests;
                const QByteArray body =
                    R"({"error":"token_invalid","detail":")" + m_detail + R"("})";
                socket->write("HTTP/1.1 401 Unauthorized\r\nContent-Type: application/json\r\n"
                              "Connection: close\r\nContent-Length: " +
                              QByteArray::number(body.size()) + "\r\n\r\n" + body);
                socket->disconnectFromHost();
            });
        }
    });
    m_server.listen(QHostAddress::LocalHost, 0);
}
