#pragma once

#include "http/httprequesthead.h"
#include "rewrite/responserewriter.h"
#include "server/gatewaycontext.h"
#include "server/gatewayerror.h"
#include "session/sessionmembership.h"
#include "token/gpsessionclaims.h"
#include "tunnel/tunnelerror.h"

#include <QHostAddress>
#include <QObject>
#include <QPointer>
#include <memory>

namespace pc {
class ByteRelay;
class ResponseWriter;
class TunnelStream;
} // namespace pc

namespace gw {

class ProxyExchange;
class RelayTraffic;

// What a tunnel was admitted with: its token (checked again on every stream, so expiry
// and revocation take effect mid-session) and the app's address.
struct TunnelGrant {
    QString token;
    QHostAddress peer;
    qint64 expires = 0;   // the token's exp (seconds since the epoch)
    QString sessionId;    // SessionRegistry::sessionIdFor() of the token
    QString jti;          // the token's jti, may be empty
    QHostAddress address; // the BMC address checked when the tunnel was admitted
};

// One stream of an app's tunnel: an HTTP request (or a WebSocket upgrade) whose head came
// in the stream's Open. Served exactly as browser mode serves a request, through the same
// code: token gate, target resolution against targets.allow, the platform's request and
// response rewriting (the public side being the app's loopback proxy: plain http, its
// Host), ProxyExchange to the BMC, and after a 101 a raw relay. Deletes itself when done.
//
// The tunnel carries the body without HTTP/1.x framing, so the framing the head announces
// is enforced here: Data past a Content-Length (or on a request without a body), or a
// body ending short of it, ends the stream with a protocol error, and the BMC connection
// with it (it never returns to the pool). Once the request is answered (an error, or a
// BMC that answered early) the rest of its body is read and dropped, up to
// kUnreadBodyLimit; past that the stream ends with a LIMIT error saying why, once the
// answer has gone out whole (reading stops until then).
class TunnelStreamHandler : public QObject {
    Q_OBJECT
public:
    TunnelStreamHandler(pc::TunnelStream *stream, std::shared_ptr<const GatewayContext> context,
                        TunnelGrant grant, QObject *parent = nullptr);
    ~TunnelStreamHandler() override;
    void start();

    static constexpr qint64 kUnreadBodyLimit = 1024 * 1024;

private:
    void startExchange(const pc::HttpRequestHead &bmcHead, const pc::UpstreamTarget &target,
                       pc::ResponseRewriter rewriter);
    // Reads the request body as far as it may go now: to the exchange while it takes it,
    // dropped once the request was answered. Enforces the framing either way.
    void readBody();
    void endBody();
    // Ends the stream (CODE, WHY) and the exchange with it (its BMC connection closes).
    void refuseUnreadBody();
    void refuse(pc::TunnelErrorCode code, const QString &why);
    void exchangeOver();
    void answer(const GatewayError &error);
    void done();
    // A fresh writer of this stream's response (the exchange's, or an error answer).
    std::unique_ptr<pc::ResponseWriter> responseWriter();

    pc::TunnelStream *m_stream; // our child; null once destroyed
    std::shared_ptr<const GatewayContext> m_context;
    TunnelGrant m_grant;
    QPointer<ProxyExchange> m_exchange;
    // The request body: how long its head says it is (Chunked: until the stream's end;
    // None: nothing), what was read of it, and what was dropped after the answer.
    pc::HttpBodyFraming m_framing{pc::HttpBodyFraming::Kind::Chunked, 0};
    bool m_upgrade = false; // a WebSocket upgrade: bytes wait for the relay after a 101
    quint64 m_bodyRead = 0;
    qint64 m_bodyDropped = 0;
    bool m_bodyEnded = false;
    bool m_answered = false; // a response (or an error) is on its way: drop the body
    int m_answerStatus = 0;
    bool m_refused = false;        // refuse() ended the stream
    bool m_unreadLimitHit = false; // kUnreadBodyLimit passed: the LIMIT reset follows the answer
    bool m_done = false;
    // Accounting, as browser mode counts: bytes of the request (head and body) and of
    // the response as HTTP/1.1, and everything relayed after a 101.
    SessionMembership m_membership;
    // After a 101: the relay to the BMC and its observer (declared first: it outlives the
    // relay).
    std::unique_ptr<RelayTraffic> m_relayTraffic;
    std::unique_ptr<pc::ByteRelay> m_relay;
};

} // namespace gw
