#include "tunnelserver/tunnelstreamhandler.h"

#include "http/httpframingrules.h"
#include "http/httpserializer.h"
#include "rewrite/platformprofile.h"
#include "rewrite/responserewriter.h"
#include "server/bmcrequest.h"
#include "server/proxyexchange.h"
#include "tunnel/tunnelstream.h"
#include "tunnelserver/responsesink.h"
#include "tunnelserver/streamrelay.h"
#include "tunnelserver/tunnelendpointlog.h"

#include <QSslSocket>

using namespace Qt::StringLiterals;

namespace gw {

namespace {

constexpr qint64 kBodyHighWater = 256 * 1024;
constexpr qint64 kPiece = 64 * 1024;

} // namespace

TunnelStreamHandler::TunnelStreamHandler(pc::TunnelStream *stream,
                                         std::shared_ptr<const GatewayContext> context,
                                         TunnelGrant grant, QObject *parent)
    : QObject(parent)
    , m_stream(stream)
    , m_context(std::move(context))
    , m_grant(std::move(grant))
    , m_membership(m_context->services.sessions, this, [this](SessionEnd why) {
        // The session was ended (API, apply, token expiry): the stream goes at once.
        if (m_stream)
            m_stream->cancel(pc::TunnelErrorCode::Unauthorized, sessionEndReason(why));
    }) {
    stream->setParent(this);
    connect(stream, &QObject::destroyed, this, [this] { m_stream = nullptr; });
    m_sink = new ResponseSink(stream, stream->requestHead().method, &m_membership.counters(), this);
    connect(stream, &pc::TunnelStream::errorOccurred, this, [this] {
        // The app gave up on the stream (or the tunnel is gone for good).
        if (m_exchange)
            m_exchange->deleteLater();
        done();
    });
    connect(stream, &pc::TunnelStream::finished, this, &TunnelStreamHandler::done);
}

TunnelStreamHandler::~TunnelStreamHandler() = default;

void TunnelStreamHandler::start() {
    TrafficCounters &c = m_membership.counters();
    ++c.requests;
    c.bytesUp += quint64(
        pc::HttpSerializer::requestHead(m_stream->requestHead()).value_or(QByteArray()).size());
    auto claims = m_context->gate.admit(m_grant.token);
    if (!claims) {
        answer(claims.error());
        return;
    }
    proxy(*claims);
}

void TunnelStreamHandler::proxy(const pc::GpsessionClaims &claims) {
    pc::HttpRequestHead head = m_stream->requestHead();
    if (!head.target.startsWith('/')) {
        answer({400, u"bad_request"_s, u"only origin-form request targets are served"_s});
        return;
    }
    // The tunnel carries bodies without HTTP/1.x framing: the head's own fields say how
    // long the body is, checked exactly as the HTTP parser checks a browser's request.
    auto framing = pc::HttpFramingRules::forRequest(head, pc::HttpLimits{});
    if (!framing) {
        answer({framing.error().status, u"bad_request"_s, framing.error().message});
        return;
    }
    head.framing = *framing;
    m_claims = claims;
    auto context = BmcRequest::context(head, claims, m_grant.peer, /*publicSecure=*/false);
    if (!context) {
        answer(context.error());
        return;
    }
    m_context->resolver.resolve(
        claims.ip, claims.port, this,
        [this, head, ctx = *context](pc::Expected<pc::UpstreamTarget, GatewayError> target) {
            if (!target) {
                answer(target.error());
                return;
            }
            if (auto joined = m_membership.enter(
                    {m_grant.token, m_claims, SessionPath::Tunnel, target->address});
                !joined) {
                answer(joined.error());
                return;
            }
            startExchange(BmcRequest::rewrite(head, ctx), *target, ctx);
        });
}

void TunnelStreamHandler::startExchange(const pc::HttpRequestHead &bmcHead,
                                        const pc::UpstreamTarget &target,
                                        const pc::RewriteContext &rewrite) {
    ProxyExchange::Options options;
    options.connectTimeoutMs = m_context->config.upstream.connectTimeoutMs;
    options.responseTimeoutMs = m_context->config.upstream.responseTimeoutMs;
    auto *exchange = new ProxyExchange(m_sink, m_context->pool, target, options, this);
    m_exchange = exchange;
    m_bodyExpected = bmcHead.hasBody();
    connect(exchange, &ProxyExchange::requestBodyDrained, this, &TunnelStreamHandler::pumpBody);
    connect(exchange, &ProxyExchange::finished, this, [this, exchange] {
        exchange->deleteLater();
        if (m_stream && !m_sink->complete())
            m_stream->finish();
    });
    connect(exchange, &ProxyExchange::failed, this, [this, exchange](const GatewayError &e) {
        exchange->deleteLater();
        answer(e);
    });
    connect(exchange, &ProxyExchange::aborted, this, [this, exchange](const QString &why) {
        qCInfo(lcTunnelEndpoint) << "stream aborted:" << why;
        exchange->deleteLater();
        if (m_stream)
            m_stream->cancel(pc::TunnelErrorCode::Upstream, why);
    });
    connect(exchange, &ProxyExchange::upgraded, this,
            [this, exchange](QSslSocket *upstream, const QByteArray &leftover) {
                exchange->deleteLater();
                upstream->setParent(this);
                m_relay = new StreamRelay(m_stream, upstream, &m_membership.counters(), this);
                m_relay->start(leftover);
            });
    exchange->start(
        bmcHead, pc::ResponseRewriter(rewrite, pc::PlatformProfile::forPlatform(rewrite.platform)));
    if (m_bodyExpected) {
        connect(m_stream, &QIODevice::readyRead, this, &TunnelStreamHandler::pumpBody);
        connect(m_stream, &QIODevice::readChannelFinished, this, &TunnelStreamHandler::pumpBody);
        pumpBody();
    }
}

void TunnelStreamHandler::pumpBody() {
    ProxyExchange *exchange = m_exchange;
    pc::TunnelStream *stream = m_stream;
    if (!exchange || !stream || !m_bodyExpected || m_bodyEnded)
        return;
    while (stream->bytesAvailable() > 0 && exchange->requestBacklog() < kBodyHighWater) {
        const QByteArray data = stream->read(kPiece);
        m_membership.counters().bytesUp += quint64(data.size());
        exchange->writeRequestBody(data);
    }
    if (stream->bytesAvailable() == 0 && stream->isRemoteFinished()) {
        m_bodyEnded = true;
        exchange->endRequestBody();
    }
}

void TunnelStreamHandler::answer(const GatewayError &error) {
    if (!m_stream)
        return;
    if (m_stream->hasResponse()) { // too late for an error response
        m_stream->cancel(pc::TunnelErrorCode::Upstream, error.detail);
        return;
    }
    qCInfo(lcTunnelEndpoint).noquote() << "stream answered" << error.status << error.error;
    m_sink->write(error.toResponse(false));
}

void TunnelStreamHandler::done() {
    if (m_done)
        return;
    m_done = true;
    deleteLater();
}

} // namespace gw
