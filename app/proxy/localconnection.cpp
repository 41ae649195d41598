#include "proxy/localconnection.h"

#include "http/http1responsewriter.h"
#include "http/httpserializer.h"
#include "httpserver/httpserverconnection.h"
#include "proxy/proxylog.h"
#include "proxy/websocketshim.h"
#include "relay/byterelay.h"
#include "tunnel/tunnelstream.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QTcpSocket>

using namespace Qt::StringLiterals;

namespace app {

namespace {
constexpr qint64 kHighWater = 256 * 1024;
constexpr qint64 kPiece = 64 * 1024;
constexpr char kContinue[] = "HTTP/1.1 100 Continue\r\n\r\n";

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
    , m_opener(std::move(opener)) {
    socket->setParent(this);
    pc::HttpServerConnection::Options options;
    options.inputHighWater = kHighWater;
    options.readPiece = kPiece;
    options.linger = true;
    m_connection = std::make_unique<pc::HttpServerConnection>(
        socket, static_cast<pc::HttpServerHandler *>(this), options);
    connect(m_connection.get(), &pc::HttpServerConnection::finished, this, &QObject::deleteLater);
    connect(socket, &QIODevice::bytesWritten, this, &LocalConnection::pumpResponse);
}

LocalConnection::~LocalConnection() {
    if (m_stream && !m_stream->isFinished())
        m_stream->cancel(pc::TunnelErrorCode::Cancelled, u"the browser left"_s);
}

bool LocalConnection::onBody(QByteArrayView data) {
    if (!m_stream)
        return false; // refused: the body is read and dropped
    m_stream->write(data.data(), data.size());
    Q_EMIT traffic(quint64(data.size()), 0);
    // The tunnel is behind: read on at the stream's bytesWritten().
    return m_stream->bytesToWrite() >= kHighWater;
}

void LocalConnection::onRequestEnd() {
    if (m_stream && m_stream->kind() == pc::TunnelStreamKind::Http)
        m_stream->finish(); // the request body ends; the response may still be coming
}

void LocalConnection::onBadRequest(const pc::HttpParseError &error) {
    refuse(error.status, "bad_request", error.message);
}

void LocalConnection::onClosing() {
    if (m_stream && !m_stream->isFinished())
        m_stream->cancel(pc::TunnelErrorCode::Cancelled, u"the browser connection closed"_s);
}

void LocalConnection::onRequest(pc::HttpRequestHead head) {
    const bool requestDone = m_connection->requestComplete();
    m_keepAlive = head.keepAlive();
    m_clientHttp11 = head.version == pc::HttpVersion::Http1_1;
    const LocalAuth::Verdict verdict = m_auth.check(head);
    if (verdict != LocalAuth::Verdict::Forward) {
        const bool close = verdict == LocalAuth::Verdict::WrongHost || !requestDone;
        m_connection->respond(m_auth.answer(verdict, close), close);
        return;
    }
    if (head.target == WebSocketShim::kScriptPath) {
        pc::HttpHeaders headers{{"Content-Type", "text/javascript; charset=utf-8"},
                                {"Cache-Control", "no-store"}};
        if (!m_keepAlive)
            headers.append("Connection", "close");
        m_connection->respond(
            pc::HttpSerializer::simpleResponse(200, headers, WebSocketShim::script())
                .value_or(QByteArray()),
            false);
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
    connect(m_stream, &QIODevice::bytesWritten, m_connection.get(),
            &pc::HttpServerConnection::resumeBody);
    connect(m_stream, &pc::TunnelStream::errorOccurred, this, [this](const pc::TunnelError &e) {
        if (!m_stream || !m_stream->hasResponse())
            refuse(502, "tunnel_error", e.message);
        else
            close(); // mid-response: the browser sees the connection end
    });
    if (requestDone && !upgrade)
        m_stream->finish();
    else if (!upgrade && expectsContinue(head))
        m_socket->write(kContinue); // the tunnel's flow control paces the body from here
    m_connection->readBody();
}

void LocalConnection::onResponse() {
    pc::HttpResponseHead head = m_stream->responseHead();
    const int s = head.status;
    const bool bodyless = m_method == "HEAD" || (s >= 100 && s < 200) || s == 204 || s == 304;
    m_shim = bodyless ? nullptr : WebSocketShim::forResponse(head);
    // The tunnel carries no HTTP/1.x framing: the writer frames the body for our client
    // (Content-Length as given, else chunked, or until close for an HTTP/1.0 client).
    head.framing.kind = bodyless ? pc::HttpBodyFraming::Kind::None
                        : head.headers.contains("Content-Length")
                            ? pc::HttpBodyFraming::Kind::Length
                            : pc::HttpBodyFraming::Kind::Chunked;
    head.version = pc::HttpVersion::Http1_1;
    pc::Http1ResponseWriter::Options framing;
    framing.clientHttp11 = m_clientHttp11;
    // A request body still coming is not read to its end: the connection closes after.
    framing.keepAlive = m_keepAlive && m_connection->requestComplete();
    m_writer = std::make_unique<pc::Http1ResponseWriter>(m_socket, framing);
    if (m_writer->writeHead(std::move(head))) {
        close();
        return;
    }
    if (s == 101)
        startRelay();
    else
        pumpResponse();
}

void LocalConnection::pumpResponse() {
    if (!m_stream || !m_stream->hasResponse() || m_closing || m_connection->isClosing() ||
        !m_writer)
        return;
    while (m_stream->bytesAvailable() > 0 && m_writer->backlog() < kHighWater) {
        QByteArray data = m_stream->read(kPiece);
        Q_EMIT traffic(0, quint64(data.size()));
        if (m_shim)
            data = m_shim->feed(data);
        m_writer->writeBody(data);
    }
    if (m_stream->bytesAvailable() == 0 && m_stream->isRemoteFinished()) {
        if (m_shim) {
            m_writer->writeBody(m_shim->finish());
            m_shim.reset();
        }
        responseEnded();
    }
}

void LocalConnection::startRelay() {
    // From here the relay moves the bytes both ways and says when either side ended.
    // Bytes that came after the upgrade request go first.
    const QByteArray early = m_connection->takeSocketForUpgrade();
    m_socket->disconnect(this);
    m_stream->disconnect(this);
    m_relay = std::make_unique<pc::ByteRelay>(m_socket, m_stream);
    m_relay->setObserver(this);
    connect(m_relay.get(), &pc::ByteRelay::closed, this, &LocalConnection::close);
    m_relay->start({}, early);
}

void LocalConnection::relayed(pc::RelayDirection direction, QByteArrayView data) {
    const auto n = quint64(data.size());
    if (direction == pc::RelayDirection::Up)
        Q_EMIT traffic(n, 0);
    else
        Q_EMIT traffic(0, n);
}

void LocalConnection::responseEnded() {
    m_writer->finish();
    const bool keepAlive = m_writer->keepsConnection();
    m_writer.reset();
    m_stream->disconnect(this);
    m_stream->deleteLater();
    m_stream = nullptr;
    m_connection->finishResponse(keepAlive);
}

void LocalConnection::refuse(int status, const char *error, const QString &detail) {
    pc::HttpHeaders headers{{"Content-Type", "application/json"}, {"Connection", "close"}};
    // Built as JSON (the detail may hold any character from a parser or the tunnel).
    const QByteArray body =
        QJsonDocument(QJsonObject{{u"error"_s, QLatin1StringView(error)}, {u"detail"_s, detail}})
            .toJson(QJsonDocument::Compact);
    m_connection->respond(
        pc::HttpSerializer::simpleResponse(status, headers, body).value_or(QByteArray()), true);
}

void LocalConnection::close() {
    if (!m_relay) {
        m_connection->close(); // HttpServerConnection::finished() deletes us
        return;
    }
    if (m_closing)
        return;
    m_closing = true;
    // A WebSocket's close frames have passed: end it as a TCP FIN would.
    if (m_stream && !m_stream->isFinished())
        m_stream->finish();
    if (m_socket->state() == QAbstractSocket::ConnectedState)
        m_socket->disconnectFromHost();
    if (m_socket->state() == QAbstractSocket::UnconnectedState)
        deleteLater();
    else
        connect(m_socket, &QAbstractSocket::disconnected, this, &QObject::deleteLater);
}

} // namespace app
