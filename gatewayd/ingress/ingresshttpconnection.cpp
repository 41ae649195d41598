#include "ingress/ingresshttpconnection.h"

#include "http/http1responsewriter.h"
#include "httpserver/httpserverconnection.h"
#include "ingress/ingresslog.h"
#include "ingress/ingressrequestform.h"
#include "ingress/ingresssession.h"
#include "ingress/ingressstats.h"
#include "relay/byterelay.h"
#include "server/gatewaycontext.h"
#include "server/proxyexchange.h"
#include "server/sessionorigin.h"
#include "util/lowdelay.h"

#include <QTcpSocket>

using namespace Qt::StringLiterals;

namespace gw {

namespace {
constexpr qint64 kReadPiece = 64 * 1024;
constexpr qint64 kInputHighWater = 256 * 1024;
constexpr int kIdleTimeoutMs = 120 * 1000;
} // namespace

IngressHttpConnection::IngressHttpConnection(QTcpSocket *socket, ContextProvider context,
                                             QObject *parent)
    : QObject(parent)
    , m_socket(socket)
    , m_contextProvider(std::move(context))
    , m_context(m_contextProvider())
    , m_membership(m_context->services.sessions, this,
                   [this](SessionEnd) {
                       m_closing = true;
                       m_socket->abort();
                       deleteLater();
                   })
    , m_billing([this](const IngressRoutes::Target &target, quint64 up, quint64 down) {
        m_membership.counters().bytesUp += up;
        m_membership.counters().bytesDown += down;
        if (IngressStats *stats = m_context->services.ingress)
            stats->bytes(target.group, target.route.host, up, down);
    }) {
    socket->setParent(this);
    pc::setLowDelay(socket);
    connect(socket, &QIODevice::bytesWritten, this, &IngressHttpConnection::countDown);
    pc::HttpServerConnection::Options options;
    options.readPiece = kReadPiece;
    options.inputHighWater = kInputHighWater;
    options.idleTimeoutMs = kIdleTimeoutMs;
    options.headerTimeoutMs = [this] { return m_contextProvider()->config.limits.headerTimeoutMs; };
    m_connection = std::make_unique<pc::HttpServerConnection>(
        socket, static_cast<pc::HttpServerHandler *>(this), std::move(options));
    connect(m_connection.get(), &pc::HttpServerConnection::finished, this, &QObject::deleteLater);
}

IngressHttpConnection::~IngressHttpConnection() {
    leaveRoute();
}

void IngressHttpConnection::enterRoute(const IngressRoutes::Target &target) {
    if (m_route && m_route->group == target.group && m_route->route.host == target.route.host)
        return;
    leaveRoute();
    m_route = target;
    if (IngressStats *stats = m_context->services.ingress) {
        stats->opened(target.group, target.route.host, IngressStats::Mode::Http);
    }
}

void IngressHttpConnection::leaveRoute() {
    if (!m_route)
        return;
    if (IngressStats *stats = m_context->services.ingress)
        stats->closed(m_route->group, m_route->route.host);
    m_route.reset();
}

void IngressHttpConnection::onInput(qint64 bytes) {
    m_billing.read(quint64(bytes));
}

void IngressHttpConnection::relayed(pc::RelayDirection direction, QByteArrayView data) {
    if (direction == pc::RelayDirection::Up) // down: counted as the socket writes it
        onInput(data.size());
}

void IngressHttpConnection::countDown(qint64 bytes) {
    m_billing.written(quint64(bytes));
}

void IngressHttpConnection::onRequest(pc::HttpRequestHead head) {
    m_context = m_contextProvider(); // the routes in force now
    const auto checked = IngressRequestForm::check(head);
    if (!checked) {
        if (IngressStats *stats = m_context->services.ingress)
            stats->refused(checked.error().error);
        respondError(checked.error());
        return;
    }
    const QString host = *checked;
    const auto target = m_context->routes->route(host);
    if (!target || !target->route.http) {
        if (IngressStats *stats = m_context->services.ingress)
            stats->refused(u"unknown_host"_s);
        respondError({404, u"unknown_host"_s,
                      host.isEmpty() ? u"the request names no host"_s
                                     : u"no route serves %1 over HTTP"_s.arg(host)});
        return;
    }
    const HostPort node = *target->route.http;
    if (auto joined =
            m_membership.enter(IngressSession::joining(target->group, target->route, node));
        !joined) {
        respondError(joined.error());
        return;
    }
    // This request's bytes (its head, read before the route was known) are the route's.
    enterRoute(*target);
    m_billing.routed(*target, m_socket->bytesToWrite());
    ++m_membership.counters().requests;

    IngressRequestForm::clean(head, m_socket->peerAddress().toString().toLatin1());

    pc::UpstreamTarget upstream;
    upstream.address = node.address;
    upstream.port = node.port.value_or(80);
    upstream.plain = true;
    // The pool key: connections to this node of this group only.
    upstream.hostName = u"ingress:"_s + target->group + u'/' + target->route.host;

    ProxyExchange::Options options;
    options.connectTimeoutMs = m_context->config.upstream.connectTimeoutMs;
    options.responseTimeoutMs = m_context->config.upstream.responseTimeoutMs;
    options.nodeGroup = target->group;
    options.nodeSockets = m_context->services.nodeSockets;
    pc::Http1ResponseWriter::Options framing;
    framing.clientHttp11 = head.version == pc::HttpVersion::Http1_1;
    auto *exchange = new ProxyExchange(std::make_unique<pc::Http1ResponseWriter>(m_socket, framing),
                                       m_context->pool, upstream, options, this);
    m_exchange = exchange;
    connect(exchange, &ProxyExchange::requestBodyDrained, m_connection.get(),
            &pc::HttpServerConnection::resumeBody);
    connect(exchange, &ProxyExchange::finished, this, [this](bool keepAlive) {
        m_exchange->deleteLater();
        m_billing.unrouted(m_socket->bytesToWrite()); // until the next request's route
        m_connection->finishResponse(keepAlive);
    });
    connect(exchange, &ProxyExchange::failed, this, [this](const GatewayError &e) {
        qCInfo(lcIngress).noquote() << "request answered" << e.status << e.error << "-" << e.detail;
        m_exchange->deleteLater();
        respondError(e);
    });
    connect(exchange, &ProxyExchange::aborted, this, [this](const QString &why) {
        qCInfo(lcIngress) << "exchange with a node aborted:" << why;
        m_connection->close();
    });
    connect(exchange, &ProxyExchange::upgraded, this,
            [this](QIODevice *upstreamDevice, const QByteArray &leftover) {
                m_exchange->deleteLater();
                const QByteArray early = m_connection->takeSocketForUpgrade();
                m_socket->disconnect(m_connection.get());
                connect(m_socket, &QAbstractSocket::disconnected, this,
                        &IngressHttpConnection::close);
                upstreamDevice->setParent(this);
                m_relay = std::make_unique<pc::ByteRelay>(m_socket, upstreamDevice);
                m_relay->setObserver(this);
                connect(m_relay.get(), &pc::ByteRelay::closed, this, &IngressHttpConnection::close);
                if (!early.isEmpty())
                    upstreamDevice->write(early);
                m_relay->start(leftover);
            });
    exchange->start(head);
    m_connection->readBody();
}

bool IngressHttpConnection::onBody(QByteArrayView data) {
    if (!m_exchange)
        return false;
    m_exchange->writeRequestBody(data);
    return m_exchange->requestBacklog() > kInputHighWater;
}

void IngressHttpConnection::onRequestEnd() {
    if (m_exchange)
        m_exchange->endRequestBody();
}

void IngressHttpConnection::onBadRequest(const pc::HttpParseError &error) {
    if (m_exchange)
        m_exchange->deleteLater();
    respondError(GatewayError{error.status, u"bad_request"_s, error.message});
}

void IngressHttpConnection::onHeaderTimeout(int ms) {
    m_billing.unrouted(m_socket->bytesToWrite());
    m_socket->write(GatewayError{408, u"request_timeout"_s,
                                 u"the request head was not complete within %1 ms"_s.arg(ms)}
                        .toResponse(true));
}

void IngressHttpConnection::respondError(const GatewayError &error) {
    m_billing.unrouted(m_socket->bytesToWrite()); // the gateway's own answer: no route's
    const bool close = !m_connection->requestComplete() || !m_connection->requestKeepAlive() ||
                       m_connection->parseFailed();
    m_connection->respond(error.toResponse(close), close);
}

void IngressHttpConnection::close() {
    if (!m_relay) {
        m_connection->close();
        return;
    }
    if (m_closing)
        return;
    m_closing = true;
    if (m_socket->state() == QAbstractSocket::ConnectedState)
        m_socket->disconnectFromHost();
    if (m_socket->state() == QAbstractSocket::UnconnectedState)
        deleteLater();
    else
        connect(m_socket, &QAbstractSocket::disconnected, this, &QObject::deleteLater);
}

} // namespace gw
