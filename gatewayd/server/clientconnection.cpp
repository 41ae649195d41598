#include "server/clientconnection.h"

#include "agents/agentregistry.h"
#include "agents/agentservice.h"
#include "agents/publishedroute.h"
#include "http/http1responsewriter.h"
#include "http/httpserializer.h"
#include "httpserver/httpserverconnection.h"
#include "metrics/gatewaymetrics.h"
#include "relay/byterelay.h"
#include "rewrite/platformprofile.h"
#include "server/admission.h"
#include "server/bmcrequest.h"
#include "server/compatroute.h"
#include "server/proxyexchange.h"
#include "server/serverlog.h"
#include "server/sessioncookie.h"
#include "server/sessionorigin.h"
#include "session/relaytraffic.h"
#include "session/sessionregistry.h"
#include "tunnelserver/tunnelservice.h"
#include "util/lowdelay.h"

#include <QSslSocket>
#include <QTimer>
#include <QUrlQuery>

using namespace Qt::StringLiterals;

namespace gw {

namespace {
constexpr qint64 kReadPiece = 64 * 1024;
constexpr qint64 kInputHighWater = 256 * 1024;
constexpr int kIdleTimeoutMs = 120 * 1000; // no request (or no byte of one) for this long
// Ending a relayed console: how long the BMC's frame in flight may take to end.
constexpr int kFrameGraceMs = 2000;
} // namespace

ClientConnection::ClientConnection(QSslSocket *socket, ContextProvider context, QObject *parent)
    : QObject(parent)
    , m_socket(socket)
    , m_contextProvider(std::move(context))
    , m_context(m_contextProvider())
    , m_membership(m_context->services.sessions, this, [this](SessionEnd why) { terminate(why); }) {
    socket->setParent(this);
    pc::setLowDelay(socket); // the listener set it at accept(); a socket from elsewhere too
    // Bytes toward the user: TLS plaintext the socket wrote (its context is the socket,
    // so the hand-over to the relay after an upgrade keeps it).
    connect(socket, &QIODevice::bytesWritten, socket,
            [counters = m_membership.sharedCounters()](qint64 n) {
                counters->bytesDown += quint64(n);
            });
    pc::HttpServerConnection::Options options;
    options.readPiece = kReadPiece;
    options.inputHighWater = kInputHighWater;
    options.idleTimeoutMs = kIdleTimeoutMs;
    // Each request head is judged by the configuration in force when it begins.
    options.headerTimeoutMs = [this] { return m_contextProvider()->config.limits.headerTimeoutMs; };
    m_connection = std::make_unique<pc::HttpServerConnection>(
        socket, static_cast<pc::HttpServerHandler *>(this), std::move(options));
    connect(m_connection.get(), &pc::HttpServerConnection::finished, this, &QObject::deleteLater);
}

ClientConnection::~ClientConnection() = default;

void ClientConnection::onInput(qint64 bytes) {
    m_membership.counters().bytesUp += quint64(bytes);
}

void ClientConnection::onBadRequest(const pc::HttpParseError &error) {
    if (m_exchange) // mid-body: the request cannot be completed
        m_exchange->deleteLater();
    respondError(GatewayError{error.status, u"bad_request"_s, error.message});
}

bool ClientConnection::onBody(QByteArrayView data) {
    if (!m_exchange)
        return false; // the answer was an error; the rest is discarded
    m_exchange->writeRequestBody(data);
    return m_exchange->requestBacklog() > kInputHighWater;
}

void ClientConnection::onRequestEnd() {
    if (m_exchange)
        m_exchange->endRequestBody();
}

void ClientConnection::onRequest(pc::HttpRequestHead head) {
    // Judged by the configuration in force now, not by the one we were accepted with.
    m_context = m_contextProvider();
    ++m_membership.counters().requests;
    m_requestClock.start();
    const QString target = QString::fromLatin1(head.target);
    if (!target.startsWith(u'/')) {
        respondError({400, u"bad_request"_s, u"only origin-form request targets are served"_s});
        return;
    }
    const qsizetype q = target.indexOf(u'?');
    const QString path = target.left(q);
    const QString query = q < 0 ? QString() : target.mid(q + 1);

    if (auto agent =
            PublishedRoute::agentFor(head.headers, m_context->config.ingress.agentDomain)) {
        servePublished(std::move(head), *agent);
        return;
    }
    if (path == u"/gpsession") {
        startGpsession(head, query);
        return;
    }
    if (path == TunnelService::kPath && m_context->services.tunnels) {
        startTunnel(std::move(head));
        return;
    }
    if (path == AgentService::kPath && m_context->services.agents) {
        startAgent(head);
        return;
    }
    if (path.startsWith(u"/.pmproxy/")) {
        respondError({404, u"not_found"_s, u"no such gateway endpoint"_s});
        return;
    }
    // A BMC page must not install a service worker on the gateway's origin: it would see
    // every later request there, other BMCs' sessions and gpsession links included.
    if (head.headers.value("Service-Worker").trimmed().toLower() == "script") {
        respondError({403, u"service_worker_refused"_s,
                      u"the gateway does not let BMC pages register service workers"_s});
        return;
    }
    const QString token = SessionCookie::find(head.headers);
    if (token.isEmpty()) {
        respondError(
            {401, u"no_token"_s, u"no gpsession token: open the gpsession link you were given"_s});
        return;
    }
    proxy(std::move(head), token);
}

void ClientConnection::startGpsession(const pc::HttpRequestHead &head, const QString &query) {
    const QString token = QUrlQuery(query).queryItemValue(u"token"_s, QUrl::FullyDecoded);
    if (head.method != "GET" && head.method != "HEAD") {
        respondError({400, u"bad_request"_s, u"/gpsession takes GET"_s});
        return;
    }
    if (token.isEmpty()) {
        respondError({401, u"no_token"_s, u"the link has no token"_s});
        return;
    }
    auto claims = m_context->gate.admit(token);
    if (!claims) {
        tokenRefused(claims.error());
        return;
    }
    const QString &domain = m_context->config.browser.sessionDomain;
    if (!domain.isEmpty()) {
        // The session's own origin sets its own host-only cookie: go there first.
        const QString label = SessionOrigin::label(*claims, token);
        if (!SessionOrigin::isOrigin(head.headers, domain, label)) {
            const QByteArray there = SessionOrigin::origin(head.headers, domain, label) +
                                     "/gpsession?token=" + token.toLatin1();
            pc::HttpHeaders moved{{"Location", there},
                                  {"Cache-Control", "no-store"},
                                  {"Referrer-Policy", "no-referrer"}};
            respond(pc::HttpSerializer::simpleResponse(302, moved, {}).value_or(QByteArray()),
                    false);
            return;
        }
    }
    pc::HttpHeaders headers{{"Location", "/"},
                            {"Set-Cookie", SessionCookie::setCookieValue(token)},
                            {"Cache-Control", "no-store"},
                            {"Referrer-Policy", "no-referrer"}};
    respond(pc::HttpSerializer::simpleResponse(302, headers, {}).value_or(QByteArray()), false);
}

void ClientConnection::proxy(pc::HttpRequestHead head, const QString &token) {
    Admission::Request request;
    request.head = std::move(head);
    request.token = token;
    request.path = SessionPath::Browser;
    request.peer = m_socket->peerAddress();
    request.check = [this,
                     token](pc::HttpRequestHead &client,
                            const pc::GpsessionClaims &claims) -> std::optional<GatewayError> {
        if (const QString &domain = m_context->config.browser.sessionDomain;
            !domain.isEmpty() &&
            !SessionOrigin::isOrigin(client.headers, domain, SessionOrigin::label(claims, token)))
            return GatewayError{403, u"wrong_origin"_s,
                                u"this session's pages are served only on its own origin; open "
                                u"the gpsession link again"_s};
        if (auto compat = CompatRoute::take(client, claims); !compat)
            return compat.error();
        return std::nullopt;
    };
    Admission::run(m_context, m_membership, std::move(request), this,
                   [this](pc::Expected<Admission::Admitted, Admission::Refusal> admitted) {
                       if (!admitted) {
                           respondError(admitted.error().error);
                           return;
                       }
                       m_webSocket = admitted->webSocket;
                       startExchange(admitted->bmcHead, admitted->target,
                                     admitted->responseRewriter());
                   });
}

void ClientConnection::startExchange(pc::HttpRequestHead head, const pc::UpstreamTarget &target,
                                     std::optional<pc::ResponseRewriter> rewriter, bool published) {
    ProxyExchange::Options options;
    options.connectTimeoutMs = m_context->config.upstream.connectTimeoutMs;
    options.responseTimeoutMs = m_context->config.upstream.responseTimeoutMs;
    options.agents = m_context->agentRegistry();
    options.published = published;
    pc::Http1ResponseWriter::Options framing;
    framing.clientHttp11 = head.version == pc::HttpVersion::Http1_1;
    auto *exchange = new ProxyExchange(std::make_unique<pc::Http1ResponseWriter>(m_socket, framing),
                                       m_context->pool, target, options, this);
    m_exchange = exchange;
    connect(exchange, &ProxyExchange::requestBodyDrained, m_connection.get(),
            &pc::HttpServerConnection::resumeBody);
    connect(exchange, &ProxyExchange::finished, this, &ClientConnection::exchangeFinished);
    connect(exchange, &ProxyExchange::failed, this, [this](const GatewayError &e) {
        qCInfo(lcServer).noquote() << "request answered" << e.status << e.error << "-" << e.detail;
        if (GatewayMetrics *metrics = m_context->services.metrics)
            metrics->upstreamError(e.error);
        m_exchange->deleteLater();
        respondError(e);
    });
    connect(exchange, &ProxyExchange::aborted, this, [this](const QString &why) {
        qCInfo(lcServer) << "exchange aborted:" << why;
        if (GatewayMetrics *metrics = m_context->services.metrics)
            metrics->upstreamError(u"bmc_aborted"_s);
        close();
    });
    connect(exchange, &ProxyExchange::upgraded, this,
            [this](QIODevice *upstream, const QByteArray &leftover) {
                m_exchange->deleteLater();
                // Bytes the client sent after its upgrade request belong to the BMC (they
                // were counted when read).
                const QByteArray early = m_connection->takeSocketForUpgrade();
                m_socket->disconnect(this);
                connect(m_socket, &QAbstractSocket::disconnected, this, &ClientConnection::close);
                upstream->setParent(this);
                m_relayTraffic = std::make_unique<RelayTraffic>(&m_membership.counters(),
                                                                RelayTraffic::Path::Browser);
                m_relay = std::make_unique<pc::ByteRelay>(m_socket, upstream);
                m_relay->setObserver(m_relayTraffic.get());
                finishRequestClock();
                connect(m_relay.get(), &pc::ByteRelay::closed, this, &ClientConnection::close);
                if (!early.isEmpty())
                    upstream->write(early);
                m_relay->start(leftover);
            });
    exchange->start(head, std::move(rewriter));
    m_connection->readBody();
}

void ClientConnection::exchangeFinished(bool keepAlive) {
    m_exchange->deleteLater();
    finishRequestClock();
    m_connection->finishResponse(keepAlive);
}

void ClientConnection::respond(const QByteArray &response, bool close) {
    finishRequestClock();
    m_connection->respond(response, close);
}

void ClientConnection::respondError(const GatewayError &error) {
    // Before the body was read, the connection cannot carry another request.
    const bool close = !m_connection->requestComplete() || !m_connection->requestKeepAlive() ||
                       m_connection->parseFailed();
    respond(error.toResponse(close), close);
}

void ClientConnection::close() {
    if (!m_relay) {
        m_connection->close(); // HttpServerConnection::finished() deletes us
        return;
    }
    if (m_closing)
        return;
    m_closing = true;
    if (m_socket->state() == QAbstractSocket::ConnectedState)
        m_socket->disconnectFromHost(); // sends what is queued, then closes
    if (m_socket->state() == QAbstractSocket::UnconnectedState)
        deleteLater();
    else
        connect(m_socket, &QAbstractSocket::disconnected, this, &QObject::deleteLater);
}

void ClientConnection::terminate(SessionEnd why) {
    if (m_relay && m_webSocket && !m_closing) {
        // An open console learns why (RFC 6455 1008: policy violation), then closes.
        m_closing = true;
        const QByteArray reason = why == SessionEnd::Expired ? "token expired"
                                  : why == SessionEnd::Ended ? "session ended by the gateway"
                                                             : "no longer allowed by the gateway";
        connect(m_socket, &QAbstractSocket::disconnected, this, &QObject::deleteLater);
        m_relay->endAtBoundary(RelayTraffic::closeFrame(1008, reason), kFrameGraceMs);
        // A client that never reads its Close frame is not waited for.
        QTimer::singleShot(5000, this, [this] {
            m_socket->abort();
            deleteLater();
        });
        return;
    }
    m_closing = true;
    // The exchange, the relay and the BMC socket go with us.
    m_socket->abort();
    deleteLater();
}

void ClientConnection::onHeaderTimeout(int ms) {
    m_socket->write(GatewayError{408, u"request_timeout"_s,
                                 u"the request head was not complete within %1 ms"_s.arg(ms)}
                        .toResponse(true));
}

void ClientConnection::finishRequestClock() {
    if (!m_requestClock.isValid())
        return;
    if (GatewayMetrics *metrics = m_context->services.metrics)
        metrics->observeRequest(double(m_requestClock.nsecsElapsed()) / 1e9);
    m_requestClock.invalidate();
}

void ClientConnection::startTunnel(pc::HttpRequestHead head) {
    // Checked like any request before the upgrade is answered, so the app learns why it
    // was refused (401/403 JSON) instead of seeing a closed WebSocket.
    // The token first: an app whose upgrade was refused asks again without upgrading to
    // learn why (a WebSocket client does not see the refusal's body).
    const QString token = TunnelService::bearerToken(head.headers);
    if (token.isEmpty()) {
        respondError({401, u"no_token"_s, u"the tunnel needs Authorization: Bearer <token>"_s});
        return;
    }
    auto claims = m_context->gate.admit(token);
    if (!claims) {
        tokenRefused(claims.error());
        return;
    }
    const QString sessionId = SessionRegistry::sessionIdFor(*claims, token);
    if (SessionRegistry *sessions = m_context->services.sessions;
        sessions && sessions->isBarred(sessionId)) {
        tokenRefused(
            {401, u"session_ended"_s, u"this session was ended by the gateway's operator"_s});
        return;
    }
    if (head.method != "GET" || head.headers.value("Upgrade").toLower() != "websocket") {
        respondError({400, u"bad_request"_s, u"the tunnel is a WebSocket upgrade"_s});
        return;
    }
    const int maxTunnels = m_context->config.limits.maxTunnelsPerToken;
    if (m_context->services.tunnels->attachedTunnels(token) >= maxTunnels) {
        respondError({429, u"too_many_tunnels"_s,
                      u"this token already has %1 tunnels open (limits.maxTunnelsPerToken)"_s.arg(
                          maxTunnels)});
        return;
    }
    const pc::GpsessionClaims c = *claims;
    Admission::resolveTarget(
        *m_context, c, this,
        [this, head, token, sessionId, c](pc::Expected<pc::UpstreamTarget, GatewayError> target) {
            if (!target) {
                respondError(target.error());
                return;
            }
            const TunnelGrant grant{token, m_socket->peerAddress(), c.exp, sessionId,
                                    c.jti, target->address};
            handOver(head, m_context->services.tunnels,
                     [tunnels = m_context->services.tunnels, grant](QSslSocket *socket,
                                                                    const QByteArray &request) {
                         tunnels->adopt(socket, request, grant);
                     });
        });
}

void ClientConnection::handOver(const pc::HttpRequestHead &head, QObject *service,
                                std::function<void(QSslSocket *, const QByteArray &)> adopt) {
    // The socket leaves this connection with the upgrade request as read (and whatever
    // followed it): the service answers the handshake.
    QByteArray request = pc::HttpSerializer::requestHead(head).value_or(QByteArray());
    request += m_connection->takeSocketForUpgrade();
    m_socket->disconnect(this);
    m_closing = true;
    m_socket->setParent(nullptr);
    m_socket->setReadBufferSize(0); // the tunnel transport reads frames as they come
    // Handed over from the event loop, not from inside this socket's readyRead.
    QMetaObject::invokeMethod(
        service, [socket = m_socket, request, adopt = std::move(adopt)] { adopt(socket, request); },
        Qt::QueuedConnection);
    deleteLater();
}

void ClientConnection::servePublished(pc::HttpRequestHead head, const QString &agent) {
    const AgentRegistry *agents = m_context->agentRegistry();
    if (!m_context->agentSecrets.contains(agent)) {
        respondError({404, u"not_found"_s, u"no service is published at this name"_s});
        return;
    }
    if (!agents || !agents->isConnected(agent)) {
        respondError(
            {502, u"agent_unavailable"_s,
             u"the service is published by agent %1, which is not connected"_s.arg(agent)});
        return;
    }
    const QUrl url(agents->publishOf(agent));
    if (!url.isValid() || url.host().isEmpty()) {
        respondError({404, u"agent_no_publish"_s, u"agent %1 publishes no service"_s.arg(agent)});
        return;
    }
    if (auto joined = m_membership.enter(PublishedRoute::session(agent, url)); !joined) {
        respondError(joined.error());
        return;
    }
    m_webSocket = head.isWebSocketUpgrade();
    auto rewriter =
        PublishedRoute::responseRewriter(head.headers.value("Host"), url, m_socket->peerAddress());
    startExchange(PublishedRoute::rewrite(std::move(head), url, m_socket->peerAddress()),
                  PublishedRoute::target(agent, url), std::move(rewriter), true);
}

void ClientConnection::startAgent(const pc::HttpRequestHead &head) {
    auto grant = m_context->services.agents->admit(head, m_socket->localAddress(), *m_context);
    if (!grant) {
        respondError(grant.error());
        return;
    }
    handOver(head, m_context->services.agents,
             [agents = m_context->services.agents, g = *grant](QSslSocket *socket,
                                                               const QByteArray &request) {
                 agents->adopt(socket, request, g);
             });
}

void ClientConnection::tokenRefused(const GatewayError &error) { // outside Admission::run()
    if (GatewayMetrics *metrics = m_context->services.metrics)
        metrics->tokenRefused(error.error);
    respondError(error);
}

} // namespace gw
