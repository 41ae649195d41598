#pragma once

#include "http/httprequesthead.h"
#include "rewrite/rewritecontext.h"
#include "server/gatewaycontext.h"
#include "server/gatewayerror.h"
#include "session/sessionmembership.h"
#include "token/gpsessionclaims.h"

#include <QHostAddress>
#include <QObject>
#include <QPointer>
#include <memory>

namespace pc {
class TunnelStream;
}

namespace gw {

class ProxyExchange;
class ResponseSink;
class StreamRelay;

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
class TunnelStreamHandler : public QObject {
    Q_OBJECT
public:
    TunnelStreamHandler(pc::TunnelStream *stream, std::shared_ptr<const GatewayContext> context,
                        TunnelGrant grant, QObject *parent = nullptr);
    ~TunnelStreamHandler() override;
    void start();

private:
    void proxy(const pc::GpsessionClaims &claims);
    void startExchange(const pc::HttpRequestHead &bmcHead, const pc::UpstreamTarget &target,
                       const pc::RewriteContext &rewrite);
    void pumpBody();
    void answer(const GatewayError &error);
    void done();

    pc::TunnelStream *m_stream; // our child; null once destroyed
    std::shared_ptr<const GatewayContext> m_context;
    TunnelGrant m_grant;
    pc::GpsessionClaims m_claims;
    ResponseSink *m_sink = nullptr;
    QPointer<ProxyExchange> m_exchange;
    QPointer<StreamRelay> m_relay;
    bool m_bodyExpected = false;
    bool m_bodyEnded = false;
    bool m_done = false;
    // Accounting, as browser mode counts: bytes of the request (head and body) and of
    // the response as HTTP/1.1, and everything relayed after a 101.
    SessionMembership m_membership;
};

} // namespace gw
