#pragma once

#include "httpserver/httpserverhandler.h"
#include "rewrite/responserewriter.h"
#include "server/gatewaycontext.h"
#include "server/gatewayerror.h"
#include "session/sessionmembership.h"

#include <QElapsedTimer>
#include <QObject>
#include <QPointer>
#include <functional>
#include <memory>
#include <optional>

class QSslSocket;

namespace pc {
class ByteRelay;
class HttpServerConnection;
} // namespace pc

namespace gw {

class ProxyExchange;
class RelayTraffic;

// One browser connection on the public listener: reads HTTP/1.1 requests, answers
// /gpsession and errors itself, and proxies everything else to the token's BMC, one
// request at a time (pc::HttpServerConnection runs the HTTP/1.1 loop: pipelining,
// keep-alive, the idle and header deadlines). Deletes itself when done.
//
// Every request (and every tunnel upgrade) is judged by the configuration in force when
// it arrives (CONTEXT is asked each time), never by the one the connection was accepted
// with: a revoked jti, a removed key or a narrowed targets.allow applies to held
// keep-alive connections at once.
class ClientConnection : public QObject, private pc::HttpServerHandler {
    Q_OBJECT
public:
    using ContextProvider = std::function<std::shared_ptr<const GatewayContext>()>;
    ClientConnection(QSslSocket *socket, ContextProvider context, QObject *parent = nullptr);
    ~ClientConnection() override;

private:
    void onRequest(pc::HttpRequestHead head) override;
    bool onBody(QByteArrayView data) override;
    void onRequestEnd() override;
    void onBadRequest(const pc::HttpParseError &error) override;
    void onHeaderTimeout(int ms) override;
    void onInput(qint64 bytes) override;

    void startGpsession(const pc::HttpRequestHead &head, const QString &query);
    void proxy(pc::HttpRequestHead head, const QString &token);
    void startExchange(pc::HttpRequestHead head, const pc::UpstreamTarget &target,
                       std::optional<pc::ResponseRewriter> rewriter, bool published = false);
    void servePublished(pc::HttpRequestHead head, const QString &agent);
    void exchangeFinished(bool keepAlive);
    void respond(const QByteArray &response, bool close);
    void respondError(const GatewayError &error);
    void close();
    // Ends the connection at once (its session was ended, is no longer allowed, or its
    // token expired); a relayed WebSocket console gets a Close frame 1008 saying why.
    void terminate(SessionEnd why);
    void finishRequestClock();
    void tokenRefused(const GatewayError &error);
    void startTunnel(pc::HttpRequestHead head);
    void startAgent(const pc::HttpRequestHead &head);
    // Gives the socket to SERVICE's ADOPT (from the event loop) after an admitted
    // upgrade to one of the gateway's own endpoints; this connection then goes away.
    void handOver(const pc::HttpRequestHead &head, QObject *service,
                  std::function<void(QSslSocket *, const QByteArray &)> adopt);

    QSslSocket *m_socket;
    ContextProvider m_contextProvider;
    std::shared_ptr<const GatewayContext> m_context; // the one in force for this request
    // The HTTP/1.1 loop on m_socket; not a QObject child: it goes before the socket.
    std::unique_ptr<pc::HttpServerConnection> m_connection;
    QPointer<ProxyExchange> m_exchange;
    bool m_closing = false;         // after an upgrade or a termination
    bool m_webSocket = false;       // the upgrade being relayed is a WebSocket
    SessionMembership m_membership; // the session this connection counts for
    QElapsedTimer m_requestClock;   // since the current request's head
    // After an upgrade: the relay to the BMC and its observer (declared first: it outlives
    // the relay).
    std::unique_ptr<RelayTraffic> m_relayTraffic;
    std::unique_ptr<pc::ByteRelay> m_relay;
};

} // namespace gw
