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
#include <memory>
#include <optional>

class QSslSocket;

namespace gw {

class BytePipe;
class ProxyExchange;

// One browser connection on the public listener: reads HTTP/1.1 requests, answers
// /gpsession and errors itself, and proxies everything else to the token's BMC, one
// request at a time (pipelined requests wait their turn). Deletes itself when done.
class ClientConnection : public QObject, private pc::HttpParserListener {
    Q_OBJECT
public:
    ClientConnection(QSslSocket *socket, std::shared_ptr<const GatewayContext> context,
                     QObject *parent = nullptr);
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
    // Ends the connection at once (its session was ended or is no longer allowed).
    void terminate();
    void finishRequestClock();
    void tokenRefused(const GatewayError &error);
    void startTunnel(pc::HttpRequestHead head);

    QSslSocket *m_socket;
    std::shared_ptr<const GatewayContext> m_context;
    std::unique_ptr<pc::HttpParser> m_parser;
    QByteArray m_input; // received, not yet consumed by the parser
    std::optional<pc::HttpRequestHead> m_pendingHead;
    QPointer<ProxyExchange> m_exchange;
    QPointer<BytePipe> m_pipe;
    bool m_busy = false;            // a request is being answered
    bool m_requestComplete = false; // its body has been read to the end
    bool m_requestKeepAlive = true;
    bool m_closing = false;
    QTimer m_idleTimer;
    SessionMembership m_membership; // the session this connection counts for
    QElapsedTimer m_requestClock;   // since the current request's head
};

} // namespace gw
