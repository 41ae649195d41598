#pragma once

#include "config/gatewayconfig.h"
#include "ingress/snisplitserver.h"
#include "server/gatewaycontext.h"
#include "util/expected.h"

#include <QObject>
#include <QSslConfiguration>
#include <QSslServer>
#include <memory>

namespace gw {

// The public TLS listener: browser mode, the tunnel and agent endpoints, and node
// groups' TLS ingress (SniSplitServer: a route's server name is passed through).
class GatewayServer : public QObject {
    Q_OBJECT
public:
    static pc::Expected<std::unique_ptr<GatewayServer>, QString>
    start(const GatewayConfig &config, GatewayServices services = {}, QObject *parent = nullptr);
    ~GatewayServer() override;

    // A configuration ready to take over (keys read, TLS loaded, a new public listener
    // bound when listen.public changed); nothing has changed yet. Dropping it changes
    // nothing; commit() switches: new connections use it, established ones keep theirs.
    struct Prepared {
        std::shared_ptr<const GatewayContext> context;
        QSslConfiguration tls;
        std::unique_ptr<SniSplitServer> listener;
        // listen.http changed: its new listener (null: none any more).
        bool httpChanged = false;
        std::unique_ptr<QTcpServer> httpListener;
    };
    pc::Expected<Prepared, QString> prepare(const GatewayConfig &config) const;
    void commit(Prepared prepared);
    std::shared_ptr<const GatewayContext> context() const { return m_context; }
    QSslConfiguration tlsConfiguration() const { return m_server->sslConfiguration(); }

    quint16 publicPort() const;
    // listen.http's port; 0 without it.
    quint16 httpPort() const;
    QString httpAddress() const;
    QString publicAddress() const;

private:
    explicit GatewayServer(QObject *parent);
    void acceptPending();
    void adopt(SniSplitServer *listener);
    void applyPolicy();
    void passthrough(qintptr descriptor, const IngressRoutes::Target &target);
    void acceptHttp();

    int m_connections = 0; // live ClientConnections and passthroughs (limits.maxConnections)
    SniSplitServer *m_server = nullptr;
    QTcpServer *m_httpServer = nullptr; // listen.http (node groups' HTTP ingress)
    pc::UpstreamPool *m_pool = nullptr;
    std::shared_ptr<const GatewayContext> m_context;
    GatewayServices m_services;
    std::unique_ptr<IngressStats> m_ingressStats; // unless the services brought one
};

} // namespace gw
