#pragma once

#include "config/gatewayconfig.h"
#include "server/gatewaycontext.h"
#include "util/expected.h"

#include <QObject>
#include <memory>

class QSslServer;

namespace gw {

// The public TLS listener: browser mode and (later) the tunnel and agent endpoints.
class GatewayServer : public QObject {
    Q_OBJECT
public:
    static pc::Expected<std::unique_ptr<GatewayServer>, QString> start(const GatewayConfig &config,
                                                                       QObject *parent = nullptr);
    ~GatewayServer() override;

    quint16 publicPort() const;
    QString publicAddress() const;

private:
    explicit GatewayServer(QObject *parent);
    void acceptPending();

    QSslServer *m_server = nullptr;
    pc::UpstreamPool *m_pool = nullptr;
    std::shared_ptr<const GatewayContext> m_context;
};

} // namespace gw
