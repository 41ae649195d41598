#pragma once

#include "ingress/ingressroutes.h"
#include "util/lowdelaysslserver.h"

#include <functional>
#include <memory>

namespace gw {

// The public listener (listen.public) with the SNI split of README "Node groups:
// ingress": each accepted connection's ClientHello is read first, without consuming it
// (ClientHelloPeek). A server name that is the gateway's own (IngressRoutes::isOwnName),
// no server name at all, or an IP literal: the connection goes on as a QSslServer
// connection, the TLS handshake with the gateway's certificate as always. A route's host:
// passthrough() hands the descriptor on (the hello still unread). Anything else (an
// unknown name, a malformed or oversized hello, none within limits.headerTimeoutMs):
// closed, so the gateway never shows its certificate for a customer's name.
class SniSplitServer : public pc::LowDelaySslServer {
    Q_OBJECT
public:
    struct Policy {
        std::shared_ptr<const IngressRoutes> routes;
        int headerTimeoutMs = 10000;
        // Whether one more connection is over limits.maxConnections (checked at accept).
        std::function<bool(int peeking)> overLimit;
        // What to count a refusal by reason with (may be empty).
        std::function<void(const QString &reason)> refused;
    };

    using pc::LowDelaySslServer::LowDelaySslServer;

    void setPolicy(Policy policy) { m_policy = std::move(policy); }
    // Connections whose ClientHello is still awaited.
    int peeking() const { return m_peeking; }

Q_SIGNALS:
    // DESCRIPTOR (now the receiver's to close) asked for TARGET's host.
    void passthrough(qintptr descriptor, const gw::IngressRoutes::Target &target);

protected:
    void incomingConnection(qintptr descriptor) override;

private:
    void decide(qintptr descriptor, bool ok, const QString &serverName, const QString &why);
    void refuse(qintptr descriptor, const QString &reason);

    Policy m_policy;
    int m_peeking = 0;
};

} // namespace gw
