#include "tlsrelay.h"

#include "servertls.h"

#include <QSslServer>
#include <QSslSocket>

using namespace Qt::StringLiterals;

namespace flowtest {

TlsRelay::TlsRelay(quint16 bmcPort, QObject *parent)
    : QObject(parent)
    , m_server(new QSslServer(this))
    , m_bmcPort(bmcPort) {
    const QSslConfiguration tls = testsupport::selfSignedServerTls(&m_certificate);
    if (tls.isNull())
        return;
    m_server->setSslConfiguration(tls);
    connect(m_server, &QSslServer::pendingConnectionAvailable, this, &TlsRelay::accept);
    m_server->listen(QHostAddress::LocalHost, 0);
}

bool TlsRelay::listening() const {
    return m_server->isListening();
}

bmcsim::test::Endpoint TlsRelay::endpoint() const {
    return {m_server->serverPort(), bmcsim::test::trusting(m_certificate)};
}

void TlsRelay::accept() {
    while (auto *client = qobject_cast<QSslSocket *>(m_server->nextPendingConnection())) {
        auto *bmc = new QSslSocket(client);
        bmc->setPeerVerifyMode(QSslSocket::VerifyNone);
        // Bytes flow as they come; test traffic is small, so no back-pressure here.
        connect(client, &QSslSocket::readyRead, bmc, [client, bmc] {
            if (bmc->isEncrypted())
                bmc->write(client->readAll());
        });
        connect(bmc, &QSslSocket::encrypted, client,
                [client, bmc] { bmc->write(client->readAll()); });
        connect(bmc, &QSslSocket::readyRead, client,
                [client, bmc] { client->write(bmc->readAll()); });
        connect(bmc, &QSslSocket::disconnected, client, [client] { client->disconnectFromHost(); });
        connect(client, &QSslSocket::disconnected, client, [client, bmc] {
            bmc->abort();
            client->deleteLater();
        });
        bmc->connectToHostEncrypted(u"127.0.0.1"_s, m_bmcPort);
    }
}

} // namespace flowtest
