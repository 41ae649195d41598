#pragma once

#include "http/httpparser.h"
#include "http/httpparserlistener.h"
#include "rewrite/responserewriter.h"
#include "server/gatewaycontext.h"
#include "server/gatewayerror.h"
#include "session/sessionmembership.h"

#include <QElapsedTimer>
#include <QObject>
#include <QPointer>
#include <QTimer>
#include <functional>
#include <memory>
#include <optional>

class QSslSocket;

namespace pc {
class ByteRelay;
}

namespace gw {

class ProxyExchange;
class RelayTraffic;

// One browser connection on the public listener: reads HTTP/1.1 requests, answers
// /gpsession and errors itself, and proxies everything else to the token's BMC, one
// request at a time (pipelined requests wait their turn). Deletes itself when done.
//
// Every request (and every tunnel upgrade) is judged by the configuration in force when
// it arrives (CONTEXT is asked each time), never by the one the connection was accepted
// with: a revoked jti, a removed key or a narrowed targets.allow applies to held
// keep-alive connections at once.
class ClientConnection : public QObject, private pc::HttpParserListener {
    Q_OBJECT
public:
    using ContextProvider = std::function<std::shared_ptr<const GatewayContext>()>;
    ClientConnection(QSslSocket *socket, ContextProvider context, QObject *parent = nullptr);
    ~ClientConnection() override;

private:
    Action onRequestHead(const pc::HttpRequestHead &head) override;
    Action onBody(QByteArrayView data) override;
    Action onMessageComplete() override;

    void pumpInput();
    void handleRequest(pc::HttpRequestHead head);
    void startGpsession(const pc::HttpRequestHead &head, const QString &query);
    void proxy(pc::HttpRequestHead head, const QString &token);
    void startExchange(pc::HttpRequestHead head, const pc::UpstreamTarget &target,
                       pc::ResponseRewriter rewriter);
    void exchangeFinished(bool keepAlive);
    void respond(const QByteArray &response, bool close);
    void respondError(const GatewayError &error);
    void close();
    // Ends the connection at once (its session was ended, is no longer allowed, or its
    // token expired); a relayed WebSocket console gets a Close frame 1008 saying why.
    void terminate(SessionEnd why);
    void headerTimedOut();
    void finishRequestClock();
    void tokenRefused(const GatewayError &error);
    void startTunnel(pc::HttpRequestHead head);

    QSslSocket *m_socket;
    ContextProvider m_contextProvider;
    std::shared_ptr<const GatewayContext> m_context; // the one in force for this request
    std::unique_ptr<pc::HttpParser> m_parser;
    QByteArray m_input; // received, not yet consumed by the parser
    std::optional<pc::HttpRequestHead> m_pendingHead;
    QPointer<ProxyExchange> m_exchange;
    bool m_busy = false;            // a request is being answered
    bool m_requestComplete = false; // its body has been read to the end
    bool m_requestKeepAlive = true;
    bool m_closing = false;
    bool m_webSocket = false; // the upgrade being relayed is a WebSocket
    QTimer m_idleTimer;
    QTimer m_headerTimer;           // limits.headerTimeoutMs: a request head must complete in time
    SessionMembership m_membership; // the session this connection counts for
    QElapsedTimer m_requestClock;   // since the current request's head
    // After an upgrade: the relay to the BMC and its observer (declared first: it outlives
    // the relay).
    std::unique_ptr<RelayTraffic> m_relayTraffic;
    std::unique_ptr<pc::ByteRelay> m_relay;
};

} // namespace gw
