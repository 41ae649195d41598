#include "server/gatewayserver.h"

#include "server/clientconnection.h"
#include "server/serverlog.h"

#include <QFile>
#include <QSslConfiguration>
#include <QSslKey>
#include <QSslServer>
#include <QSslSocket>

using namespace Qt::StringLiterals;

namespace gw {

namespace {

pc::Expected<QSslConfiguration, QString> tlsConfiguration(const GatewayConfig &config) {
    QFile certFile(config.tls.cert);
    if (!certFile.open(QIODevice::ReadOnly))
        return pc::unexpected(u"tls.cert: cannot read %1"_s.arg(config.tls.cert));
    const QList<QSslCertificate> chain = QSslCertificate::fromData(certFile.readAll());
    if (chain.isEmpty())
        return pc::unexpected(u"tls.cert: %1 holds no PEM certificate"_s.arg(config.tls.cert));
    QFile keyFile(config.tls.key);
    if (!keyFile.open(QIODevice::ReadOnly))
        return pc::unexpected(u"tls.key: cannot read %1"_s.arg(config.tls.key));
    const QByteArray keyPem = keyFile.readAll();
    QSslKey key(keyPem, QSsl::Ec);
    if (key.isNull())
        key = QSslKey(keyPem, QSsl::Rsa);
    if (key.isNull())
        return pc::unexpected(
            u"tls.key: %1 holds no PEM RSA or EC private key"_s.arg(config.tls.key));
    QSslConfiguration tls = QSslConfiguration::defaultConfiguration();
    tls.setLocalCertificateChain(chain);
    tls.setPrivateKey(key);
    tls.setPeerVerifyMode(QSslSocket::VerifyNone);
    tls.setProtocol(QSsl::TlsV1_2OrLater);
    return tls;
}

} // namespace

GatewayServer::GatewayServer(QObject *parent)
    : QObject(parent) {}

GatewayServer::~GatewayServer() = default;

pc::Expected<std::unique_ptr<GatewayServer>, QString>
GatewayServer::start(const GatewayConfig &config, QObject *parent) {
    auto tls = tlsConfiguration(config);
    if (!tls)
        return pc::unexpected(tls.error());
    std::unique_ptr<GatewayServer> server(new GatewayServer(parent));
    server->m_pool = new pc::UpstreamPool(config.upstream.maxIdlePerTarget, 30000, server.get());
    auto context = GatewayContext::create(config, server->m_pool);
    if (!context)
        return pc::unexpected(context.error());
    server->m_context = std::move(context).value();

    server->m_server = new QSslServer(server.get());
    server->m_server->setSslConfiguration(*tls);
    const auto &listen = config.listen.publicAddress;
    if (!server->m_server->listen(listen.address, listen.port.value_or(0))) {
        return pc::unexpected(u"listen.public: cannot listen on %1: %2"_s.arg(
            listen.toString(), server->m_server->errorString()));
    }
    GatewayServer *raw = server.get();
    connect(server->m_server, &QTcpServer::pendingConnectionAvailable, raw,
            &GatewayServer::acceptPending);
    connect(server->m_server, &QSslServer::errorOccurred, raw,
            [](QSslSocket *, QAbstractSocket::SocketError error) {
                qCDebug(lcServer) << "TLS handshake with a client failed:" << error;
            });
    qCInfo(lcServer) << "listening on" << raw->publicAddress();
    return server;
}

quint16 GatewayServer::publicPort() const {
    return m_server->serverPort();
}

QString GatewayServer::publicAddress() const {
    const QHostAddress a = m_server->serverAddress();
    const QString host =
        a.protocol() == QAbstractSocket::IPv6Protocol ? u'[' + a.toString() + u']' : a.toString();
    return host + u':' + QString::number(publicPort());
}

void GatewayServer::acceptPending() {
    while (m_server->hasPendingConnections()) {
        auto *socket = qobject_cast<QSslSocket *>(m_server->nextPendingConnection());
        if (!socket)
            continue;
        new ClientConnection(socket, m_context, this);
    }
}

} // namespace gw
