#pragma once

#include "httpserver/httpserverhandler.h"
#include "ingress/ingresshttpbilling.h"
#include "ingress/ingressroutes.h"
#include "relay/byterelayobserver.h"
#include "server/gatewayerror.h"
#include "session/sessionmembership.h"

#include <QObject>
#include <QPointer>
#include <functional>
#include <memory>
#include <optional>

class QTcpSocket;

namespace pc {
class ByteRelay;
class HttpServerConnection;
} // namespace pc

namespace gw {

struct GatewayContext;
class ProxyExchange;

// One client connection on listen.http (README, "Node groups: ingress"): plain HTTP/1.1
// requests routed by their Host to the route's `http` target, a node reached from inside
// its group's namespace. The server loop (pc::HttpServerConnection: keep-alive,
// pipelining, limits.headerTimeoutMs) and the exchange (ProxyExchange: Content-Length and
// chunked bodies streamed both ways, node connections kept for reuse, WebSocket upgrades
// relayed) are the browser mode's. The node gets the request as IngressRequestForm
// leaves it: origin-form, Host included, hop-by-hop fields removed (a WebSocket upgrade
// is the only one relayed), X-Forwarded-For/-Proto/-Host set by the gateway (Forwarded,
// X-Real-IP and any X-Forwarded-* the client sent removed). CONNECT gets 405, a target
// whose authority is not the Host 400. A Host no route names gets 404 unknown_host. Accounted to
// the route's session (path "ingress") and in IngressStats, request by request
// (IngressHttpBilling: the gateway's own answers and what they answer are no route's). Deletes
// itself when done.
class IngressHttpConnection : public QObject,
                              private pc::HttpServerHandler,
                              private pc::ByteRelayObserver {
    Q_OBJECT
public:
    using ContextProvider = std::function<std::shared_ptr<const GatewayContext>()>;
    IngressHttpConnection(QTcpSocket *socket, ContextProvider context, QObject *parent = nullptr);
    ~IngressHttpConnection() override;

private:
    void onRequest(pc::HttpRequestHead head) override;
    bool onBody(QByteArrayView data) override;
    void onRequestEnd() override;
    void onBadRequest(const pc::HttpParseError &error) override;
    void onHeaderTimeout(int ms) override;
    void onInput(qint64 bytes) override;
    void relayed(pc::RelayDirection direction, QByteArrayView data) override;

    void enterRoute(const IngressRoutes::Target &target);
    void leaveRoute();
    void countDown(qint64 bytes);
    void respondError(const GatewayError &error);
    void close();

    QTcpSocket *m_socket;
    ContextProvider m_contextProvider;
    std::shared_ptr<const GatewayContext> m_context;
    SessionMembership m_membership;
    IngressHttpBilling m_billing; // bytes to the route of their request
    std::unique_ptr<pc::HttpServerConnection> m_connection;
    QPointer<ProxyExchange> m_exchange;
    std::unique_ptr<pc::ByteRelay> m_relay;
    std::optional<IngressRoutes::Target> m_route; // the route of the current request
    bool m_closing = false;
};

} // namespace gw
