#include "proxy/localconnection.h"

#include "http/httpserializer.h"
#include "proxy/proxylog.h"
#include "proxy/websocketshim.h"
#include "relay/byterelay.h"
#include "tunnel/tunnelstream.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QTcpSocket>
#include <QTimer>

using namespace Qt::StringLiterals;

namespace app {

namespace {
constexpr qint64 kHighWater = 256 * 1024;
constexpr qint64 kPiece = 64 * 1024;
constexpr char kContinue[] = "HTTP/1.1 100 Continue\r\n\r\n";
// Lingering close (as nginx's lingering_timeout and lingering_time): how long input is
// read and dropped after the answer, at most between two reads and in all.
constexpr int kLingerIdleMs = 5000;
constexpr qint64 kLingerMaxMs = 30000;

// A client that sent "Expect: 100-continue" waits for a 100 before the body (curl for a
// second, others longer). The BMC's own 100 cannot cross the tunnel (one response head
// per stream), so the proxy answers it once the request is on its way.
bool expectsContinue(const pc::HttpRequestHead &head) {
    return head.version == pc::HttpVersion::Http1_1 &&
           head.headers.value("Expect").trimmed().compare("100-continue", Qt::CaseInsensitive) == 0;
}
} // namespace

LocalConnection::LocalConnection(QTcpSocket *socket, const LocalAuth &auth, StreamOpener opener,
                                 QObject *parent)
    : QObject(parent)
    , m_socket(socket)
    , m_auth(auth)
    , m_opener(std::move(opener))
    , m_parser(std::make_unique<pc::HttpParser>(pc::HttpParser::Mode::Request,
                                                static_cast<pc::HttpParserListener *>(this))) {
    socket->setParent(this);
    socket->setReadBufferSize(kHighWater);
    connect(socket, &QIODevice::readyRead, this, &LocalConnection::pumpInput);
    connect(socket, &QIODevice::bytesWritten, this, &LocalConnection::pumpResponse);
    connect(socket, &QAbstractSocket::disconnected, this, &LocalConnection::close);
    QMetaObject::invokeMethod(this, &LocalConnection::pumpInput, Qt::QueuedConnection);
}

LocalConnection::~LocalConnection() {
    if (m_stream && !m_stream->isFinished())
        m_stream->cancel(pc::TunnelErrorCode::Cancelled, u"the browser left"_s);
}

void LocalConnection::pumpInput() {
    while (!m_closing && !m_relay) {
        if (m_parser->isPaused() || m_pending)
            return;
        if (m_stream && m_stream->bytesToWrite() >= kHighWater)
            return; // the tunnel is behind: resume on the stream's bytesWritten
        if (m_parser->state() == pc::HttpParser::State::Upgraded)
            return;
        if (m_input.isEmpty()) {
            if (m_socket->bytesAvailable() == 0)
                return;
            m_input = m_socket->read(kPiece);
        }
        auto consumed = m_parser->feed(m_input);
        if (!consumed) {
            refuse(consumed.error().status, "bad_request", consumed.error().message);
            return;
        }
        m_input.remove(0, *consumed);
        if (m_pending) {
            pc::HttpRequestHead head = std::move(*m_pending);
            m_pending.reset();
            handle(std::move(head));
        }
    }
}

pc::HttpParserListener::Action LocalConnection::onRequestHead(const pc::HttpRequestHead &head) {
    m_pending = head;
    m_busy = true;
    m_requestDone = !head.hasBody();
    m_keepAlive = head.keepAlive();
    return Action::Pause;
}

pc::HttpParserListener::Action LocalConnection::onBody(QByteArrayView data) {
    if (!m_stream)
        return Action::Continue; // refused: the body is read and dropped
    m_stream->write(data.data(), data.size());
    Q_EMIT traffic(quint64(data.size()), 0);
    // No pause here: pumpInput() feeds the parser one piece at a time and stops while the
    // stream is behind, resuming on its bytesWritten() (a parser paused here was never
    // resumed: the upload then stopped for good once the tunnel fell behind).
    return Action::Continue;
}

pc::HttpParserListener::Action LocalConnection::onMessageComplete() {
    m_requestDone = true;
    if (m_stream && m_stream->kind() == pc::TunnelStreamKind::Http)
        m_stream->finish(); // the request body ends; the response may still be coming
    return m_busy ? Action::Pause : Action::Continue;
}

void LocalConnection::handle(pc::HttpRequestHead head) {
    const LocalAuth::Verdict verdict = m_auth.check(head);
    if (verdict != LocalAuth::Verdict::Forward) {
        const bool close = verdict == LocalAuth::Verdict::WrongHost || !m_requestDone;
        m_socket->write(m_auth.answer(verdict, close));
        answered(close);
        return;
    }
    if (head.target == WebSocketShim::kScriptPath) {
        pc::HttpHeaders headers{{"Content-Type", "text/javascript; charset=utf-8"},
                                {"Cache-Control", "no-store"}};
        if (!m_keepAlive)
            headers.append("Connection", "close");
        m_socket->write(pc::HttpSerializer::simpleResponse(200, headers, WebSocketShim::script())
                            .value_or(QByteArray()));
        answered(false);
        return;
    }
    const bool upgrade = head.headers.contains("Upgrade");
    m_method = head.method;
    m_stream =
        m_opener(upgrade ? pc::TunnelStreamKind::WebSocket : pc::TunnelStreamKind::Http, head);
    if (!m_stream) {
        refuse(502, "tunnel_down", tr("The tunnel to the gateway is not connected."));
        return;
    }
    Q_EMIT traffic(quint64(pc::HttpSerializer::requestHead(head).value_or(QByteArray()).size()), 0);
    m_stream->setParent(this); // ours to delete
    connect(m_stream, &QObject::destroyed, this, [this] { m_stream = nullptr; });
    connect(m_stream, &pc::TunnelStream::responseReceived, this, &LocalConnection::onResponse);
    connect(m_stream, &QIODevice::readyRead, this, &LocalConnection::pumpResponse);
    connect(m_stream, &QIODevice::readChannelFinished, this, &LocalConnection::pumpResponse);
    connect(m_stream, &QIODevice::bytesWritten, this, &LocalConnection::pumpInput);
    connect(m_stream, &pc::TunnelStream::errorOccurred, this, [this](const pc::TunnelError &e) {
        if (!m_stream || !m_stream->hasResponse())
            refuse(502, "tunnel_error", e.message);
        else
            close(); // mid-response: the browser sees the connection end
    });
    if (m_requestDone && !upgrade)
        m_stream->finish();
    else if (!upgrade && expectsContinue(head))
        m_socket->write(kContinue); // the tunnel's flow control paces the body from here
    m_parser->resume();
    pumpInput();
}

void LocalConnection::onResponse() {
    pc::HttpResponseHead head = m_stream->responseHead();
    const int s = head.status;
    m_bodyless = m_method == "HEAD" || (s >= 100 && s < 200) || s == 204 || s == 304;
    m_chunked = false;
    m_shim = m_bodyless ? nullptr : WebSocketShim::forResponse(head);
    if (s != 101 && !m_bodyless && !head.headers.contains("Content-Length")) {
        head.headers.set("Transfer-Encoding", "chunked");
        m_chunked = true;
    }
    // A request body still coming is not read to its end: the connection closes after.
    if ((!m_keepAlive || !m_requestDone) && s != 101)
        head.headers.set("Connection", "close");
    head.version = pc::HttpVersion::Http1_1;
    auto bytes = pc::HttpSerializer::responseHead(head);
    if (!bytes) {
        close();
        return;
    }
    m_socket->write(*bytes);
    if (s == 101)
        startRelay();
    else
        pumpResponse();
}

void LocalConnection::pumpResponse() {
    if (!m_stream || !m_stream->hasResponse() || m_closing)
        return;
    while (m_stream->bytesAvailable() > 0 && m_socket->bytesToWrite() < kHighWater) {
        QByteArray data = m_stream->read(kPiece);
        Q_EMIT traffic(0, quint64(data.size()));
        if (m_shim)
            data = m_shim->feed(data);
        if (data.isEmpty())
            continue;
        if (m_chunked)
            m_socket->write(pc::HttpSerializer::chunk(data));
        else
            m_socket->write(data);
    }
    if (m_stream->bytesAvailable() == 0 && m_stream->isRemoteFinished()) {
        if (m_shim) {
            const QByteArray rest = m_shim->finish();
            if (!rest.isEmpty())
                m_socket->write(m_chunked ? pc::HttpSerializer::chunk(rest) : rest);
            m_shim.reset();
        }
        responseEnded();
    }
}

void LocalConnection::startRelay() {
    // From here the relay moves the bytes both ways and says when either side ended.
    m_socket->disconnect(this);
    m_stream->disconnect(this);
    m_relay = std::make_unique<pc::ByteRelay>(m_socket, m_stream);
    m_relay->setObserver(this);
    connect(m_relay.get(), &pc::ByteRelay::closed, this, &LocalConnection::close);
    // Bytes that came after the upgrade request go first.
    m_relay->start({}, std::exchange(m_input, {}));
}

void LocalConnection::relayed(pc::RelayDirection direction, QByteArrayView data) {
    const auto n = quint64(data.size());
    if (direction == pc::RelayDirection::Up)
        Q_EMIT traffic(n, 0);
    else
        Q_EMIT traffic(0, n);
}

void LocalConnection::responseEnded() {
    if (m_chunked)
        m_socket->write(pc::HttpSerializer::lastChunk().value_or(QByteArray()));
    m_stream->disconnect(this);
    m_stream->deleteLater();
    m_stream = nullptr;
    answered(false);
}

void LocalConnection::answered(bool close) {
    m_busy = false;
    // A body not read to its end would be taken for the next request: close instead.
    if (close || !m_keepAlive || !m_requestDone) {
        m_answered = true;
        this->close();
        return;
    }
    m_parser->resume();
    QMetaObject::invokeMethod(this, &LocalConnection::pumpInput, Qt::QueuedConnection);
}

void LocalConnection::refuse(int status, const char *error, const QString &detail) {
    pc::HttpHeaders headers{{"Content-Type", "application/json"}, {"Connection", "close"}};
    // Built as JSON (the detail may hold any character from a parser or the tunnel).
    const QByteArray body =
        QJsonDocument(QJsonObject{{u"error"_s, QLatin1StringView(error)}, {u"detail"_s, detail}})
            .toJson(QJsonDocument::Compact);
    m_socket->write(
        pc::HttpSerializer::simpleResponse(status, headers, body).value_or(QByteArray()));
    m_answered = true;
    close();
}

void LocalConnection::close() {
    if (m_closing)
        return;
    m_closing = true;
    if (m_stream && !m_stream->isFinished()) {
        if (m_relay) // a WebSocket's close frames have passed: end it as a TCP FIN would
            m_stream->finish();
        else
            m_stream->cancel(pc::TunnelErrorCode::Cancelled, u"the browser connection closed"_s);
    }
    // After a whole answer, with the client's input not read to its end: see linger().
    const bool unread = !m_requestDone || !m_input.isEmpty() || m_socket->bytesAvailable() > 0;
    if (m_answered && unread && m_socket->state() == QAbstractSocket::ConnectedState) {
        linger();
        return;
    }
    if (m_socket->state() == QAbstractSocket::ConnectedState)
        m_socket->disconnectFromHost();
    if (m_socket->state() == QAbstractSocket::UnconnectedState)
        deleteLater();
    else
        connect(m_socket, &QAbstractSocket::disconnected, this, &QObject::deleteLater);
}

void LocalConnection::linger() {
    // The client is still sending (an upload the BMC answered early, or refused here).
    // Closing a socket with unread input makes the kernel send a reset, which can destroy
    // the answer before the client reads it: instead, read and drop what comes until the
    // client closes (it has the answer, "Connection: close"), or for a bounded time.
    disconnect(m_socket, &QIODevice::readyRead, this, nullptr);
    connect(m_socket, &QIODevice::readyRead, this, &LocalConnection::dropInput);
    connect(m_socket, &QAbstractSocket::disconnected, this, &QObject::deleteLater);
    m_lingerTimer = new QTimer(this);
    m_lingerTimer->setSingleShot(true);
    connect(m_lingerTimer, &QTimer::timeout, this, [this] {
        m_socket->disconnectFromHost(); // quiet long enough: the answer has been read
        if (m_socket->state() == QAbstractSocket::UnconnectedState)
            deleteLater();
    });
    m_lingerClock.start();
    m_input.clear();
    dropInput();
}

void LocalConnection::dropInput() {
    m_socket->skip(m_socket->bytesAvailable());
    if (m_lingerClock.elapsed() > kLingerMaxMs) {
        m_socket->abort(); // a client that keeps sending regardless
        deleteLater();
        return;
    }
    m_lingerTimer->start(kLingerIdleMs);
}

} // namespace app
