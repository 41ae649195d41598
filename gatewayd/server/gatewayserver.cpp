#include "server/gatewayserver.h"

#include "agents/agentservice.h"
#include "ingress/ingresshttpconnection.h"
#include "ingress/ingressstats.h"
#include "ingress/passthroughconnection.h"
#include "server/clientconnection.h"
#include "server/serverlog.h"
#include "session/sessionregistry.h"
#include "tunnelserver/tunnelservice.h"

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
    // Clients present no certificate, so no CA store: an explicit (empty) CA list stops Qt
    // from pointing every connection's own SSL_CTX at the system CA directories (Qt builds
    // one SSL_CTX per connection; the lookup state is memory held per idle tunnel).
    tls.setCaCertificates({});
    tls.setProtocol(QSsl::TlsV1_2OrLater);
    return tls;
}

} // namespace

GatewayServer::GatewayServer(QObject *parent)
    : QObject(parent) {}

GatewayServer::~GatewayServer() {
    // Passthroughs report to m_ingressStats as they go: before it does.
    qDeleteAll(findChildren<PassthroughConnection *>(Qt::FindDirectChildrenOnly));
    qDeleteAll(findChildren<IngressHttpConnection *>(Qt::FindDirectChildrenOnly));
}

pc::Expected<std::unique_ptr<GatewayServer>, QString>
GatewayServer::start(const GatewayConfig &config, GatewayServices services, QObject *parent) {
    std::unique_ptr<GatewayServer> server(new GatewayServer(parent));
    server->m_services = services;
    server->m_pool = new pc::UpstreamPool(config.upstream.maxIdlePerTarget, 30000, server.get());
    GatewayServer *self = server.get();
    server->m_services.tunnels = new TunnelService([self] { return self->m_context; }, self);
    server->m_services.agents = new AgentService({}, self);
    if (!server->m_services.ingress) {
        server->m_ingressStats = std::make_unique<IngressStats>();
        server->m_services.ingress = server->m_ingressStats.get();
    }
    if (SessionRegistry *sessions = services.sessions) {
        // A session the gateway ends takes its tunnels with it, streams or not.
        connect(sessions, &SessionRegistry::sessionClosed, server->m_services.tunnels,
                [tunnels = server->m_services.tunnels](const QString &id, SessionEnd why) {
                    tunnels->endSession(id, sessionEndReason(why));
                });
    }
    auto prepared = server->prepare(config);
    if (!prepared)
        return pc::unexpected(prepared.error());
    server->commit(std::move(prepared).value());
    qCInfo(lcServer) << "listening on" << server->publicAddress();
    return server;
}

pc::Expected<GatewayServer::Prepared, QString>
GatewayServer::prepare(const GatewayConfig &config) const {
    auto tls = gw::tlsConfiguration(config);
    if (!tls)
        return pc::unexpected(tls.error());
    auto context = GatewayContext::create(config, m_pool, m_services);
    if (!context)
        return pc::unexpected(context.error());
    Prepared prepared{std::move(context).value(), *tls, nullptr, false, nullptr};
    const auto &listen = config.listen.publicAddress;
    if (!m_server || !m_context || m_context->config.listen.publicAddress != listen) {
        prepared.listener = std::make_unique<SniSplitServer>();
        prepared.listener->setSslConfiguration(*tls);
        if (!prepared.listener->listen(listen.address, listen.port.value_or(0))) {
            return pc::unexpected(u"listen.public: cannot listen on %1: %2"_s.arg(
                listen.toString(), prepared.listener->errorString()));
        }
    }
    const auto &http = config.listen.http;
    if (!m_context || m_context->config.listen.http != http) {
        prepared.httpChanged = true;
        if (http) {
            prepared.httpListener = std::make_unique<QTcpServer>();
            if (!prepared.httpListener->listen(http->address, http->port.value_or(0))) {
                return pc::unexpected(u"listen.http: cannot listen on %1: %2"_s.arg(
                    http->toString(), prepared.httpListener->errorString()));
            }
        }
    }
    return prepared;
}

void GatewayServer::commit(Prepared prepared) {
    m_context = std::move(prepared.context);
    if (prepared.httpChanged) {
        if (m_httpServer) {
            m_httpServer->close(); // established connections stay
            m_httpServer->deleteLater();
        }
        m_httpServer = prepared.httpListener.release();
        if (m_httpServer) {
            m_httpServer->setParent(this);
            connect(m_httpServer, &QTcpServer::pendingConnectionAvailable, this,
                    &GatewayServer::acceptHttp);
            qCInfo(lcServer) << "HTTP ingress listening on" << httpAddress();
        }
    }
    if (prepared.listener) {
        if (m_server) {
            // Established connections own their sockets; only the listener goes.
            m_server->close();
            m_server->deleteLater();
        }
        adopt(prepared.listener.release());
    } else {
        m_server->setSslConfiguration(prepared.tls);
        m_server->setHandshakeTimeout(m_context->config.limits.headerTimeoutMs);
        applyPolicy();
    }
}

void GatewayServer::applyPolicy() {
    SniSplitServer::Policy policy;
    policy.routes = m_context->routes;
    policy.headerTimeoutMs = m_context->config.limits.headerTimeoutMs;
    policy.overLimit = [this](int peeking) {
        return m_connections + peeking >= m_context->config.limits.maxConnections;
    };
    policy.refused = [stats = m_services.ingress](const QString &reason) {
        if (stats)
            stats->refused(reason);
    };
    m_server->setPolicy(std::move(policy));
}

void GatewayServer::adopt(SniSplitServer *listener) {
    m_server = listener;
    m_server->setHandshakeTimeout(m_context->config.limits.headerTimeoutMs);
    m_server->setParent(this);
    applyPolicy();
    connect(m_server, &SniSplitServer::passthrough, this, &GatewayServer::passthrough);
    connect(m_server, &QTcpServer::pendingConnectionAvailable, this, &GatewayServer::acceptPending);
    connect(m_server, &QSslServer::errorOccurred, this,
            [](QSslSocket *, QAbstractSocket::SocketError error) {
                qCDebug(lcServer) << "TLS handshake with a client failed:" << error;
            });
}

quint16 GatewayServer::publicPort() const {
    return m_server->serverPort();
}

namespace {
QString addressText(const QTcpServer &server) {
    const QHostAddress a = server.serverAddress();
    const QString host =
        a.protocol() == QAbstractSocket::IPv6Protocol ? u'[' + a.toString() + u']' : a.toString();
    return host + u':' + QString::number(server.serverPort());
}
} // namespace

QString GatewayServer::publicAddress() const {
    return addressText(*m_server);
}

QString GatewayServer::httpAddress() const {
    return m_httpServer ? addressText(*m_httpServer) : QString();
}

void GatewayServer::acceptPending() {
    while (m_server->hasPendingConnections()) {
        auto *socket = qobject_cast<QSslSocket *>(m_server->nextPendingConnection());
        if (!socket)
            continue;
        const int max = m_context->config.limits.maxConnections;
        if (m_connections >= max) {
            // Over the limit: closed before a byte is read, so a flood of connections
            // costs one socket each for a moment, never a session's resources.
            qCWarning(lcServer) << "refused a connection: limits.maxConnections (" << max
                                << ") reached";
            socket->abort();
            socket->deleteLater();
            continue;
        }
        ++m_connections;
        auto *connection = new ClientConnection(
            socket, [this] { return m_context; }, this);
        connect(connection, &QObject::destroyed, this, [this] { --m_connections; });
    }
}

quint16 GatewayServer::httpPort() const {
    return m_httpServer ? m_httpServer->serverPort() : 0;
}

void GatewayServer::acceptHttp() {
    while (m_httpServer && m_httpServer->hasPendingConnections()) {
        QTcpSocket *socket = m_httpServer->nextPendingConnection();
        if (!socket)
            continue;
        const int max = m_context->config.limits.maxConnections;
        if (m_connections + m_server->peeking() >= max) {
            qCWarning(lcServer) << "refused an HTTP ingress connection: limits.maxConnections ("
                                << max << ") reached";
            socket->abort();
            socket->deleteLater();
            continue;
        }
        ++m_connections;
        auto *connection = new IngressHttpConnection(
            socket, [this] { return m_context; }, this);
        connect(connection, &QObject::destroyed, this, [this] { --m_connections; });
    }
}

void GatewayServer::passthrough(qintptr descriptor, const IngressRoutes::Target &target) {
    // Parented here, not to the listener: a new listen.public leaves it running.
    ++m_connections;
    auto *connection = new PassthroughConnection(descriptor, target, m_context, this);
    connect(connection, &QObject::destroyed, this, [this] { --m_connections; });
    connection->start();
}

} // namespace gw
