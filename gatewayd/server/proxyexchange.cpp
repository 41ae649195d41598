#include "server/proxyexchange.h"

#include "agents/agentdialer.h"
#include "http/httpserializer.h"
#include "ingress/nodeconnector.h"
#include "relay/deviceends.h"
#include "server/serverlog.h"
#include "upstream/upstreamconnector.h"
#include "upstream/upstreampool.h"
#include "util/writebacklog.h"

#include <QSslSocket>
#include <QTcpSocket>
#include <unistd.h>

using namespace Qt::StringLiterals;

namespace gw {

namespace {
// Memory bounds per exchange: the client is sent at most this much ahead of what its
// socket accepted, and the BMC is read in pieces of this size.
constexpr qint64 kClientHighWater = 256 * 1024;
constexpr qint64 kReadPiece = 64 * 1024;
constexpr qint64 kUpstreamBuffer = 256 * 1024;
} // namespace

ProxyExchange::ProxyExchange(std::unique_ptr<pc::ResponseWriter> client, pc::UpstreamPool *pool,
                             pc::UpstreamTarget target, Options options, QObject *parent)
    : QObject(parent)
    , m_client(std::move(client))
    , m_pool(pool)
    , m_target(std::move(target))
    , m_options(options) {
    m_responseTimer.setSingleShot(true);
    connect(&m_responseTimer, &QTimer::timeout, this, [this] {
        fail(GatewayError{504, u"bmc_timeout"_s,
                          u"the BMC at %1 did not answer within %2 ms"_s.arg(m_target.authority())
                              .arg(m_options.responseTimeoutMs)});
    });
    if (QIODevice *device = m_client->device())
        pc::onWriteProgress(device, this, [this] { readUpstream(); });
}

ProxyExchange::~ProxyExchange() {
    cancelDialer();
    if (m_upstream) {
        pc::endDeviceAbruptly(m_upstream);
        delete m_upstream;
    }
}

void ProxyExchange::start(const pc::HttpRequestHead &request,
                          std::optional<pc::ResponseRewriter> rewriter) {
    m_rewriter = std::move(rewriter);
    m_method = request.method;
    m_requestChunked = request.framing.kind == pc::HttpBodyFraming::Kind::Chunked;
    m_requestFraming = request.framing;
    m_requestDone = !request.hasBody();
    // The head says how its body is framed, whatever rewriting removed (Transfer-Encoding
    // is hop-by-hop): the body that follows is written exactly that way.
    pc::HttpRequestHead framed = request;
    setFramingFields(framed);
    auto head = pc::HttpSerializer::requestHead(framed);
    if (!head) {
        fail(GatewayError{400, u"bad_request"_s, head.error().message});
        return;
    }
    m_pendingUp = *head;
    m_parser = std::make_unique<pc::HttpParser>(pc::HttpParser::Mode::Response,
                                                static_cast<pc::HttpParserListener *>(this));
    m_parser->pushRequestMethod(m_method);

    if (QIODevice *idle = m_pool->take(m_target.poolKey())) {
        onConnected(idle);
        return;
    }
    dial();
}

void ProxyExchange::dial() {
    if (!m_options.nodeGroup.isEmpty()) {
        auto *connector = new NodeConnector(
            m_options.nodeSockets ? m_options.nodeSockets : currentNamespaceSockets(),
            m_options.nodeGroup, HostPort{m_target.address, m_target.port},
            m_options.connectTimeoutMs, this);
        m_dialer = connector;
        connect(connector, &NodeConnector::connected, this, [this, connector](int descriptor) {
            connector->deleteLater();
            auto *socket = new QTcpSocket(this);
            if (!socket->setSocketDescriptor(descriptor, QAbstractSocket::ConnectedState)) {
                ::close(descriptor);
                delete socket;
                fail(GatewayError{
                    502, u"node_unreachable"_s,
                    u"the node at %1 could not be reached"_s.arg(m_target.authority())});
                return;
            }
            onConnected(socket);
        });
        connect(connector, &NodeConnector::failed, this, [this, connector](const QString &why) {
            connector->deleteLater();
            const bool timeout = why.contains(u"connectTimeoutMs"_s);
            fail(GatewayError{
                timeout ? 504 : 502, timeout ? u"node_timeout"_s : u"node_unreachable"_s,
                u"the node at %1 could not be reached: %2"_s.arg(m_target.authority(), why)});
        });
        connector->start();
        return;
    }
    if (!m_target.agent.isEmpty()) {
        // Only through the token's agent, never from this gateway's own networks.
        auto *dialer = AgentDialer::start(
            m_options.agents, m_target, m_options.connectTimeoutMs, this,
            m_options.published ? AgentDialer::Kind::Published : AgentDialer::Kind::Bmc);
        m_dialer = dialer;
        connect(dialer, &AgentDialer::ready, this, &ProxyExchange::onConnected);
        connect(dialer, &AgentDialer::failed, this, &ProxyExchange::fail);
        dialer->begin();
        return;
    }
    auto *connector = pc::UpstreamConnector::start(m_target, m_options.connectTimeoutMs, this);
    m_dialer = connector;
    connect(connector, &pc::UpstreamConnector::ready, this,
            [this](QSslSocket *socket) { onConnected(socket); });
    connect(connector, &pc::UpstreamConnector::failed, this, [this](const pc::UpstreamError &e) {
        const bool timeout = e.kind == pc::UpstreamError::Kind::Timeout;
        fail(GatewayError{e.httpStatus(), timeout ? u"bmc_timeout"_s : u"bmc_unreachable"_s,
                          u"the BMC at %1 could not be reached: %2"_s.arg(e.address, e.message)});
    });
}

void ProxyExchange::setFramingFields(pc::HttpRequestHead &head) {
    pc::HttpHeaders &headers = head.headers;
    switch (head.framing.kind) {
    case pc::HttpBodyFraming::Kind::Chunked:
        headers.remove("Content-Length");
        headers.set("Transfer-Encoding", "chunked");
        break;
    case pc::HttpBodyFraming::Kind::Length:
        headers.remove("Transfer-Encoding");
        headers.set("Content-Length", QByteArray::number(head.framing.length));
        break;
    case pc::HttpBodyFraming::Kind::None:
    case pc::HttpBodyFraming::Kind::UntilEof: // not a request framing
        headers.remove("Transfer-Encoding");
        if (headers.contains("Content-Length"))
            headers.set("Content-Length", "0"); // "Content-Length: 0" stays, as sent
        break;
    }
}

void ProxyExchange::cancelDialer() {
    // Both kinds delete themselves later (never inside their own signal, which may be
    // what called us).
    if (auto *connector = qobject_cast<pc::UpstreamConnector *>(m_dialer.data()))
        connector->cancel();
    else if (auto *dialer = qobject_cast<AgentDialer *>(m_dialer.data()))
        dialer->cancel();
    else if (auto *node = qobject_cast<NodeConnector *>(m_dialer.data()))
        node->deleteLater(); // closes its socket
    m_dialer = nullptr;
}

void ProxyExchange::onConnected(QIODevice *socket) {
    m_dialer = nullptr;
    m_upstream = socket;
    socket->setParent(this);
    if (auto *tcp = qobject_cast<QAbstractSocket *>(socket))
        tcp->setReadBufferSize(kUpstreamBuffer); // a stream's credit bounds it likewise
    connect(socket, &QIODevice::readyRead, this, &ProxyExchange::readUpstream);
    pc::onWriteProgress(socket, this, [this] {
        // A BMC taking a request body (a long ISO upload) is not silent: the response
        // timeout counts from the last byte it accepted.
        if (m_responseTimer.isActive())
            m_responseTimer.start();
        if (requestBacklog() < kClientHighWater / 2)
            Q_EMIT requestBodyDrained();
    });
    pc::onDeviceEnded(socket, this, [this](const QString &error) {
        if (!error.isEmpty()) {
            upstreamLost(error);
            return;
        }
        m_upstreamEof = true;
        readUpstream();
    });
    const QByteArray pending = std::exchange(m_pendingUp, {});
    writeUpstream(pending);
    m_responseTimer.start(m_options.responseTimeoutMs);
    Q_EMIT requestBodyDrained();
    readUpstream();
}

bool ProxyExchange::writeRequestBody(QByteArrayView data) {
    if (data.isEmpty())
        return true;
    const bool isLength = m_requestFraming.kind == pc::HttpBodyFraming::Kind::Length;
    const quint64 size = quint64(data.size());
    if (m_requestDone || (isLength && size > m_requestFraming.length - m_requestBytes)) {
        m_requestExact = false; // nothing past the framing ever reaches the BMC
        return false;
    }
    m_requestBytes += size;
    if (!m_ended) { // once answered, the rest of the body is not sent
        m_bytesUp += size;
        writeUpstream(m_requestChunked ? pc::HttpSerializer::chunk(data) : data.toByteArray());
    }
    if (isLength && m_requestBytes == m_requestFraming.length)
        m_requestDone = true;
    return true;
}

bool ProxyExchange::endRequestBody() {
    if (m_requestDone)
        return m_requestExact;
    if (m_requestFraming.kind == pc::HttpBodyFraming::Kind::Length &&
        m_requestBytes != m_requestFraming.length) {
        m_requestExact = false;
        return false;
    }
    m_requestDone = true;
    if (m_requestChunked && !m_ended) {
        if (auto last = pc::HttpSerializer::lastChunk())
            writeUpstream(*last);
    }
    return true;
}

qint64 ProxyExchange::requestBacklog() const {
    return m_pendingUp.size() + pc::writeBacklog(m_upstream.data());
}

void ProxyExchange::writeUpstream(const QByteArray &bytes) {
    if (m_upstream && pc::deviceIsWritable(m_upstream))
        m_upstream->write(bytes);
    else
        m_pendingUp += bytes;
}

void ProxyExchange::readUpstream() {
    // Read from the BMC only while the client keeps up: what we do not read stays in
    // the socket (bounded by its read buffer) and TCP slows the BMC down.
    while (!m_ended) {
        // A decoded body first: no more is read from the BMC until the client took it.
        if (m_filter && m_filter->hasPending() && !drainFilter())
            return;
        if (m_ended || (m_filter && m_filter->hasPending()))
            break;
        if (m_bodyDone) {
            completeResponse();
            return;
        }
        QIODevice *up = m_upstream.data();
        if (!up || !m_client->device() || up->bytesAvailable() <= 0 ||
            m_client->backlog() >= kClientHighWater)
            break;
        const QByteArray data = up->read(kReadPiece);
        auto consumed = m_parser->feed(data);
        if (!consumed) {
            const QString why = u"the BMC sent an invalid response: "_s + consumed.error().message;
            if (m_headSent)
                upstreamLost(why);
            else
                fail(GatewayError{502, u"bmc_bad_response"_s, why});
            return;
        }
        if (m_parser->state() == pc::HttpParser::State::Upgraded) {
            m_ended = true;
            m_responseTimer.stop();
            up->disconnect(this);
            up->setParent(nullptr);
            m_upstream = nullptr;
            Q_EMIT upgraded(up, data.mid(*consumed));
            return;
        }
        if (m_bodyDone) {
            // Bytes after the response's end answer nothing we sent: the connection is
            // not reused. The loop's top completes the response (after the filter).
            m_trailing = *consumed < data.size();
            continue;
        }
    }
    const QIODevice *rest = m_upstream.data();
    if (m_upstreamEof && !m_ended && !m_bodyDone && (!rest || rest->bytesAvailable() == 0))
        finishAtEof();
}

void ProxyExchange::finishAtEof() {
    // A response delimited by the end of the connection ends here normally.
    if (m_headDone && m_parser->state() == pc::HttpParser::State::Body) {
        auto done = m_parser->finish();
        if (done && (m_complete || m_bodyDone || m_ended)) {
            if (m_bodyDone && !m_ended)
                readUpstream(); // completes the response
            return;
        }
    }
    fail(GatewayError{502, u"bmc_closed"_s,
                      u"the BMC at %1 closed the connection before the response ended"_s.arg(
                          m_target.authority())});
}

pc::HttpParserListener::Action ProxyExchange::onResponseHead(const pc::HttpResponseHead &in) {
    pc::HttpResponseHead head = in;
    if (head.isInformational() && head.status != 101) {
        m_responseTimer.start(); // the final response is still to come, and is timed
        m_parser->pushRequestMethod(m_method);
        m_client->writeInterim(head);
        return Action::Continue;
    }
    m_responseTimer.stop();
    m_upstreamKeepAlive = head.keepAlive();
    if (m_rewriter) {
        auto result = m_rewriter->rewrite(std::move(head));
        head = std::move(result.head);
        if (result.plan == pc::ResponseRewriter::BodyPlan::Rewrite)
            m_filter.emplace(std::move(*result.body), result.decode);
    } else if (head.status != 101) {
        head.headers.removeHopByHop();
    }
    if (head.status == 101) {
        // The relay takes over once the parser reports the upgrade.
        if (auto error = m_client->writeHead(std::move(head))) {
            fail(GatewayError{502, u"bmc_bad_response"_s, error->message});
            return Action::Pause;
        }
        m_headSent = true;
        m_switching = true;
        return Action::Continue;
    }
    // A body whose length is not known here (rewritten, chunked, until EOF) loses its
    // Content-Length: the writer frames it for its transport.
    if (head.hasBody() && (m_filter || head.framing.kind != pc::HttpBodyFraming::Kind::Length))
        head.headers.remove("Content-Length");
    if (m_filter && m_filter->decodes()) {
        // Held back (see flushHead()), but checked now: a head that cannot be sent is
        // answered as the BMC's fault before anything went out.
        if (auto bytes = pc::HttpSerializer::responseHead(head); !bytes) {
            fail(GatewayError{502, u"bmc_bad_response"_s, bytes.error().message});
            return Action::Pause;
        }
        m_headDone = true;
        m_heldHead = std::move(head);
        return Action::Continue;
    }
    if (auto error = m_client->writeHead(std::move(head))) {
        fail(GatewayError{502, u"bmc_bad_response"_s, error->message});
        return Action::Pause;
    }
    m_headDone = true;
    m_headSent = true;
    return Action::Continue;
}

// The held head of a decoded body goes out with its first bytes (or at its end).
void ProxyExchange::flushHead() {
    if (!m_heldHead)
        return;
    m_client->writeHead(*std::exchange(m_heldHead, std::nullopt)); // checked when held
    m_headSent = true;
}

void ProxyExchange::writeBody(QByteArrayView out) {
    if (out.isEmpty())
        return;
    flushHead();
    m_client->writeBody(out);
}

// Runs what the filter holds through to the client while the client keeps up; false
// when the body turned out corrupt (the exchange has ended).
bool ProxyExchange::drainFilter() {
    while (!m_ended && m_filter->hasPending() &&
           (!m_client->device() || m_client->backlog() < kClientHighWater)) {
        auto out = m_filter->pull(kReadPiece);
        if (!out) {
            badEncoding(out.error());
            return false;
        }
        writeBody(*out);
    }
    return !m_ended;
}

void ProxyExchange::badEncoding(const QString &why) {
    const QString detail =
        u"the BMC at %1 sent a body that cannot be decoded: %2"_s.arg(m_target.authority(), why);
    if (m_headSent)
        qCWarning(lcServer).noquote() << "response truncated:" << detail;
    fail(GatewayError{502, u"bmc_bad_encoding"_s, detail});
}

pc::HttpParserListener::Action ProxyExchange::onBody(QByteArrayView data) {
    m_bytesDown += quint64(data.size());
    if (!m_filter) {
        m_client->writeBody(data);
        return Action::Continue;
    }
    m_filter->push(data);
    return drainFilter() ? Action::Continue : Action::Pause;
}

pc::HttpParserListener::Action ProxyExchange::onMessageComplete() {
    if (!m_headDone || m_switching)
        return Action::Continue; // an interim 1xx, or a 101 whose relay readUpstream starts
    // readUpstream completes the response once the parser returned (it then knows
    // whether anything followed the response) and the client took the filter's output.
    m_bodyDone = true;
    return Action::Pause;
}

void ProxyExchange::completeResponse() {
    m_bodyDone = false;
    if (m_filter) {
        auto rest = m_filter->finish();
        if (!rest) {
            badEncoding(rest.error());
            return;
        }
        writeBody(*rest);
    }
    flushHead();
    m_client->finish();
    m_complete = true;
    m_ended = true;
    // Only a connection whose request and response were both exactly framed is reused: a
    // body cut short or overlong, or bytes after the response, would be taken for part of
    // the next user's exchange.
    QIODevice *socket = m_upstream.data();
    if (socket && m_upstreamKeepAlive && m_requestDone && m_requestExact && !m_trailing &&
        !m_upstreamEof && socket->bytesAvailable() == 0) {
        socket->disconnect(this);
        m_upstream = nullptr;
        m_pool->giveBack(m_target.poolKey(), socket);
    }
    Q_EMIT finished(m_client->keepsConnection());
}

void ProxyExchange::fail(const GatewayError &error) {
    if (m_ended)
        return;
    m_ended = true;
    m_responseTimer.stop();
    cancelDialer();
    if (m_upstream)
        pc::endDeviceAbruptly(m_upstream);
    if (m_headSent)
        Q_EMIT aborted(error.detail);
    else
        Q_EMIT failed(error);
}

void ProxyExchange::upstreamLost(const QString &why) {
    if (m_ended)
        return;
    fail(GatewayError{502, u"bmc_closed"_s,
                      u"the BMC at %1 ended the exchange: %2"_s.arg(m_target.authority(), why)});
}

} // namespace gw
