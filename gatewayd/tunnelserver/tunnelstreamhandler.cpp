#include "tunnelserver/tunnelstreamhandler.h"

#include "http/httpframingrules.h"
#include "http/httpserializer.h"
#include "relay/byterelay.h"
#include "rewrite/platformprofile.h"
#include "rewrite/responserewriter.h"
#include "server/admission.h"
#include "server/proxyexchange.h"
#include "session/relaytraffic.h"
#include "tunnel/tunnelresponsewriter.h"
#include "tunnel/tunnelstream.h"
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
    connect(stream, &pc::TunnelStream::errorOccurred, this, [this] {
        // The app gave up on the stream (or the tunnel is gone for good).
        if (m_exchange)
            m_exchange->deleteLater();
        done();
    });
    connect(stream, &pc::TunnelStream::finished, this, &TunnelStreamHandler::done);
    connect(stream, &QIODevice::readyRead, this, &TunnelStreamHandler::readBody);
    connect(stream, &QIODevice::readChannelFinished, this, &TunnelStreamHandler::readBody);
    connect(stream, &pc::TunnelStream::finishSent, this, [this] {
        if (m_unreadLimitHit && !m_refused)
            refuseUnreadBody();
    });
}

TunnelStreamHandler::~TunnelStreamHandler() = default;

void TunnelStreamHandler::start() {
    TrafficCounters &c = m_membership.counters();
    ++c.requests;
    const pc::HttpRequestHead &head = m_stream->requestHead();
    c.bytesUp += quint64(pc::HttpSerializer::requestHead(head).value_or(QByteArray()).size());
    // The tunnel carries bodies without HTTP/1.x framing: the head's own fields say how
    // long the body is, checked exactly as the HTTP parser checks a browser's request.
    auto framing = pc::HttpFramingRules::forRequest(head, pc::HttpLimits{});
    if (!framing) {
        answer({framing.error().status, u"bad_request"_s, framing.error().message});
        return;
    }
    m_framing = *framing;
    m_upgrade = head.isUpgrade();
    m_bodyEnded = m_framing.kind == pc::HttpBodyFraming::Kind::None; // (head.framing is unset)
    pc::HttpRequestHead client = head;
    client.framing = m_framing;
    Admission::Request request;
    request.head = std::move(client);
    request.token = m_grant.token;
    request.path = SessionPath::Tunnel;
    request.peer = m_grant.peer;
    request.publicSecure = false;
    request.check = [](pc::HttpRequestHead &bmc,
                       const pc::GpsessionClaims &) -> std::optional<GatewayError> {
        if (!bmc.target.startsWith('/'))
            return GatewayError{400, u"bad_request"_s,
                                u"only origin-form request targets are served"_s};
        return std::nullopt;
    };
    Admission::run(m_context, m_membership, std::move(request), this,
                   [this](pc::Expected<Admission::Admitted, Admission::Refusal> admitted) {
                       if (!admitted) {
                           answer(admitted.error().error);
                           return;
                       }
                       startExchange(admitted->bmcHead, admitted->target,
                                     admitted->responseRewriter());
                   });
}

void TunnelStreamHandler::startExchange(const pc::HttpRequestHead &bmcHead,
                                        const pc::UpstreamTarget &target,
                                        pc::ResponseRewriter rewriter) {
    if (m_answered) // the stream was refused while the target was resolved
        return;
    ProxyExchange::Options options;
    options.connectTimeoutMs = m_context->config.upstream.connectTimeoutMs;
    options.responseTimeoutMs = m_context->config.upstream.responseTimeoutMs;
    options.agents = m_context->agentRegistry();
    auto *exchange = new ProxyExchange(responseWriter(), m_context->pool, target, options, this);
    m_exchange = exchange;
    connect(exchange, &ProxyExchange::requestBodyDrained, this, &TunnelStreamHandler::readBody);
    connect(exchange, &ProxyExchange::finished, this, [this] {
        exchangeOver(); // the writer finished the stream
        readBody();     // what still comes of the body is dropped (or refused)
    });
    connect(exchange, &ProxyExchange::failed, this, [this](const GatewayError &e) {
        exchangeOver();
        answer(e);
    });
    connect(exchange, &ProxyExchange::aborted, this, [this](const QString &why) {
        qCInfo(lcTunnelEndpoint) << "stream aborted:" << why;
        exchangeOver();
        if (m_stream)
            m_stream->cancel(pc::TunnelErrorCode::Upstream, why);
    });
    connect(exchange, &ProxyExchange::upgraded, this,
            [this](QIODevice *upstream, const QByteArray &leftover) {
                exchangeOver();
                upstream->setParent(this);
                m_relayTraffic = std::make_unique<RelayTraffic>(&m_membership.counters(),
                                                                RelayTraffic::Path::Tunnel);
                m_relay = std::make_unique<pc::ByteRelay>(m_stream, upstream);
                m_relay->setObserver(m_relayTraffic.get());
                m_relay->start(leftover);
            });
    exchange->start(bmcHead, std::move(rewriter));
    readBody();
}

void TunnelStreamHandler::exchangeOver() {
    if (ProxyExchange *exchange = m_exchange.data()) {
        exchange->disconnect(this);
        exchange->deleteLater(); // with it goes its BMC connection, unless it was pooled
    }
    m_exchange = nullptr;
    m_answered = true;
    if (m_stream && m_stream->hasResponse())
        m_answerStatus = m_stream->responseHead().status;
}

void TunnelStreamHandler::readBody() {
    pc::TunnelStream *stream = m_stream;
    if (m_done || m_refused || m_unreadLimitHit || !stream || m_relay || (m_upgrade && !m_answered))
        return; // an upgrade's bytes are the relay's, after a 101
    ProxyExchange *exchange = m_answered ? nullptr : m_exchange.data();
    if (!exchange && !m_answered)
        return; // the exchange is not started yet: the tunnel's window bounds what waits
    using Kind = pc::HttpBodyFraming::Kind;
    const bool isLength = m_framing.kind == Kind::Length;
    const quint64 limit = isLength                                       ? m_framing.length
                          : m_framing.kind == Kind::Chunked || m_upgrade ? ~quint64(0)
                                                                         : 0;
    while (stream->bytesAvailable() > 0) {
        if (m_bodyRead >= limit) {
            refuse(pc::TunnelErrorCode::Protocol,
                   isLength ? u"Data past the request's Content-Length (%1 bytes)"_s.arg(limit)
                            : u"Data on a request without a body (no Content-Length or "
                              u"Transfer-Encoding)"_s);
            return;
        }
        if (exchange && exchange->requestBacklog() >= kBodyHighWater)
            return; // requestBodyDrained() resumes
        const QByteArray data = stream->read(qint64(std::min<quint64>(kPiece, limit - m_bodyRead)));
        m_bodyRead += quint64(data.size());
        if (exchange) {
            m_membership.counters().bytesUp += quint64(data.size());
            if (!exchange->writeRequestBody(data)) { // the exchange's own check
                refuse(pc::TunnelErrorCode::Protocol, u"Data past the request's framing"_s);
                return;
            }
        } else if ((m_bodyDropped += data.size()) > kUnreadBodyLimit) {
            refuseUnreadBody();
            return;
        }
        if (isLength && m_bodyRead == limit && !m_bodyEnded)
            endBody();
    }
    if (stream->isRemoteFinished() && !m_bodyEnded) {
        if (isLength && m_bodyRead < limit) {
            refuse(pc::TunnelErrorCode::Protocol,
                   u"the request body ended after %1 of its %2 bytes (Content-Length)"_s
                       .arg(m_bodyRead)
                       .arg(limit));
            return;
        }
        endBody();
    }
}

void TunnelStreamHandler::endBody() {
    m_bodyEnded = true;
    ProxyExchange *exchange = m_answered ? nullptr : m_exchange.data();
    if (exchange && !exchange->endRequestBody())
        refuse(pc::TunnelErrorCode::Protocol, u"the request body ended short of its framing"_s);
}

void TunnelStreamHandler::refuseUnreadBody() {
    // A reset drops what is still queued of the answer (the peer would get the error
    // instead of the answer): it goes out only after the answer's Close. Until then
    // nothing more is read, so the tunnel's flow control holds the client.
    m_unreadLimitHit = true;
    if (m_stream && !m_stream->isFinishSent())
        return; // finishSent() comes back here
    refuse(pc::TunnelErrorCode::Limit,
           u"the request was answered (%1) before its body ended; the rest of the body is not "
           u"read (over %2 bytes)"_s.arg(m_answerStatus)
               .arg(kUnreadBodyLimit));
}

void TunnelStreamHandler::refuse(pc::TunnelErrorCode code, const QString &why) {
    qCInfo(lcTunnelEndpoint).noquote() << "stream ended:" << why;
    exchangeOver();
    m_refused = true;
    if (m_stream)
        m_stream->cancel(code, why);
}

void TunnelStreamHandler::answer(const GatewayError &error) {
    if (!m_stream)
        return;
    m_answered = true;
    m_answerStatus = error.status;
    if (m_stream->hasResponse()) { // too late for an error response
        m_stream->cancel(pc::TunnelErrorCode::Upstream, error.detail);
        return;
    }
    qCInfo(lcTunnelEndpoint).noquote() << "stream answered" << error.status << error.error;
    const QByteArray body = error.body();
    std::unique_ptr<pc::ResponseWriter> writer = responseWriter();
    writer->writeHead(error.head(body.size(), false)); // our own fields always serialize
    writer->writeBody(body);
    writer->finish();
    readBody(); // what came of the body already is dropped
}

std::unique_ptr<pc::ResponseWriter> TunnelStreamHandler::responseWriter() {
    // Bytes down: the head as HTTP/1.1 and the body's bytes (the tunnel has no chunk
    // framing to count).
    return std::make_unique<pc::TunnelResponseWriter>(
        m_stream, [this](quint64 n) { m_membership.counters().bytesDown += n; });
}

void TunnelStreamHandler::done() {
    if (m_done)
        return;
    m_done = true;
    deleteLater();
}

} // namespace gw
