#pragma once

#include "ingress/ingressroutes.h"
#include "relay/byterelayobserver.h"
#include "session/sessionmembership.h"

#include <QObject>
#include <QPointer>
#include <memory>

class QTcpSocket;

namespace pc {
class ByteRelay;
}

namespace gw {

struct GatewayContext;
class IngressStats;
class NodeConnector;

// One TLS connection passed through to a node by its SNI (README, "Node groups:
// ingress"): the client's ClientHello is still in the kernel, untouched; the gateway
// connects to the route's `tls` target from inside the group's namespace and relays the
// encrypted bytes both ways with pc::ByteRelay (bounded buffers; when either side ends,
// what was read is delivered and both are closed). The gateway never holds the node's
// key. Accounted as the route's session (path "ingress", group and host) and in
// IngressStats. Deletes itself when done.
class PassthroughConnection : public QObject, public pc::ByteRelayObserver {
    Q_OBJECT
public:
    PassthroughConnection(qintptr clientDescriptor, IngressRoutes::Target target,
                          std::shared_ptr<const GatewayContext> context, QObject *parent);
    ~PassthroughConnection() override;

    void start();

    static constexpr int kDrainMs = 30000;

private:
    void relayed(pc::RelayDirection direction, QByteArrayView data) override;
    void nodeConnected(int descriptor);
    void finish(const QString &why);

    qintptr m_clientDescriptor;
    IngressRoutes::Target m_target;
    std::shared_ptr<const GatewayContext> m_context;
    IngressStats *m_stats = nullptr;
    SessionMembership m_membership;
    NodeConnector *m_connector = nullptr;
    QTcpSocket *m_client = nullptr;
    QTcpSocket *m_node = nullptr;
    pc::ByteRelay *m_relay = nullptr;
    bool m_opened = false;
    bool m_finished = false;
};

} // namespace gw
