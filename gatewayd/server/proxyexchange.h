#pragma once

#include "http/httpparser.h"
#include "http/httpparserlistener.h"
#include "http/responsewriter.h"
#include "ingress/nodesocketfactory.h"
#include "rewrite/bodyfilter.h"
#include "rewrite/responserewriter.h"
#include "server/gatewayerror.h"
#include "upstream/upstreamtarget.h"

#include <QObject>
#include <QPointer>
#include <QTimer>
#include <memory>
#include <optional>

class QIODevice;

namespace pc {
class UpstreamPool;
} // namespace pc

namespace gw {

class AgentRegistry;

// One request/response between a client and a BMC, streamed both ways with bounded
// memory: the request body is written as it arrives (the caller pauses its reading
// while requestBacklog() is high), and the BMC is read only while the client keeps up.
// The response goes out through a pc::ResponseWriter (HTTP/1.1 on a connection, or a
// tunnel stream), which frames it for its transport.
// Ends with exactly one of finished(), failed() (nothing was sent to the client yet:
// the caller answers with the error), aborted() or upgraded().
class ProxyExchange : public QObject, private pc::HttpParserListener {
    Q_OBJECT
public:
    struct Options {
        int connectTimeoutMs = 10000;
        int responseTimeoutMs = 60000;
        // Where a target reached through an agent (UpstreamTarget::agent) is dialed; none:
        // such targets fail with agent_unavailable.
        AgentRegistry *agents = nullptr;
        // The target is the agent's published service (--publish), not a BMC.
        bool published = false;
        // The target is a node of this group (ingress by Host, README "Node groups:
        // ingress"): plain TCP from inside the group's namespace (NODESOCKETS).
        QString nodeGroup;
        NodeSocketFactory nodeSockets;
    };

    ProxyExchange(std::unique_ptr<pc::ResponseWriter> client, pc::UpstreamPool *pool,
                  pc::UpstreamTarget target, Options options, QObject *parent = nullptr);
    ~ProxyExchange() override;

    // REQUEST is the BMC-bound head (already rewritten); its framing says how the body
    // that follows through writeRequestBody()/endRequestBody() is framed. REWRITER, when
    // set, rewrites the response head and, where its profile says so, the body (which
    // the exchange then re-frames as chunked). A compressed body to rewrite is decoded
    // as fast as the client takes the output; its head is held back until the first
    // decoded bytes, so that data corrupt from the start fails (502 bmc_bad_encoding)
    // and corruption later aborts the response (truncated, logged).
    void start(const pc::HttpRequestHead &request,
               std::optional<pc::ResponseRewriter> rewriter = std::nullopt);
    // False: DATA goes past the body's Content-Length (or comes after its end). None of
    // it is sent; the caller ends the exchange, whose BMC connection is never reused.
    bool writeRequestBody(QByteArrayView data);
    // False: the body ended short of its Content-Length; as above. (A Content-Length
    // body ends by itself once complete; calling this then is harmless.)
    bool endRequestBody();
    qint64 requestBacklog() const;

    quint64 bytesUp() const { return m_bytesUp; }
    quint64 bytesDown() const { return m_bytesDown; }

Q_SIGNALS:
    void requestBodyDrained();
    // CLIENTKEEPALIVE: the writer's connection can take another request.
    void finished(bool clientKeepAlive);
    void failed(const gw::GatewayError &error);
    void aborted(const QString &reason);
    // The BMC switched protocols; the 101 head went to the client. The receiver owns
    // UPSTREAM (a socket, or an agent's stream) and relays bytes both ways, LEFTOVER first.
    void upgraded(QIODevice *upstream, const QByteArray &leftover);

private:
    Action onResponseHead(const pc::HttpResponseHead &head) override;
    Action onBody(QByteArrayView data) override;
    Action onMessageComplete() override;

    // Content-Length or Transfer-Encoding as HEAD's framing says (and nothing else).
    static void setFramingFields(pc::HttpRequestHead &head);
    void dial();
    void cancelDialer();
    void onConnected(QIODevice *connection);
    void readUpstream();
    void writeUpstream(const QByteArray &bytes);
    void fail(const GatewayError &error);
    void upstreamLost(const QString &why);
    void finishAtEof();
    bool drainFilter();
    void writeBody(QByteArrayView out);
    void flushHead();
    void completeResponse();
    void badEncoding(const QString &why);

    std::unique_ptr<pc::ResponseWriter> m_client;
    pc::UpstreamPool *m_pool;
    pc::UpstreamTarget m_target;
    Options m_options;
    std::optional<pc::ResponseRewriter> m_rewriter;
    QPointer<QIODevice> m_upstream; // a socket, or a stream an agent connected
    QPointer<QObject> m_dialer;     // a pc::UpstreamConnector, an AgentDialer or a NodeConnector
    std::unique_ptr<pc::HttpParser> m_parser;
    std::optional<pc::BodyFilter> m_filter;
    std::optional<pc::HttpResponseHead> m_heldHead; // a decoded body's, until its first bytes
    QByteArray m_pendingUp;                         // written once connected
    QByteArray m_method;
    bool m_requestChunked = false;
    pc::HttpBodyFraming m_requestFraming;
    quint64 m_requestBytes = 0; // body bytes taken (and sent while the exchange lasted)
    bool m_requestDone = false; // the body was sent to its end
    bool m_requestExact = true; // ... and was exactly as long as its framing said
    bool m_trailing = false;    // bytes followed the response on the BMC connection
    bool m_headDone = false;    // the final response head arrived (sent or held)
    bool m_headSent = false;    // a response head went to the client
    bool m_bodyDone = false;    // the BMC's body ended; the filter still has output
    bool m_switching = false;   // it was a 101: the bytes after it are the new protocol's
    bool m_upstreamKeepAlive = false;
    bool m_complete = false;
    bool m_upstreamEof = false;
    bool m_ended = false;
    QTimer m_responseTimer;
    quint64 m_bytesUp = 0;
    quint64 m_bytesDown = 0;
};

} // namespace gw
