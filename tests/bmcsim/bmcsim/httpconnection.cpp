#include "bmcsim/httpconnection.h"

#include "bmcsim/checklog.h"
#include "bmcsim/compression.h"
#include "bmcsim/consoleupgrade.h"
#include "bmcsim/logging.h"
#include "bmcsim/personality.h"
#include "bmcsim/refusal.h"
#include "http/httpserializer.h"

#include <QSslSocket>

using namespace Qt::StringLiterals;

namespace bmcsim {

namespace {
constexpr qsizetype kMaxHeadBytes = 64 * 1024;
// What one pass of the event loop decrypts and consumes of a request: with 256 KiB, a
// virtual-media upload (SHA-256 over every byte) held the same BMC's console echoes
// for ~2.5 ms per pass, most of the console round trip under an upload (README,
// "Console stream"); 64 KiB keeps the upload's rate.
constexpr qint64 kReadBufferBytes = 64 * 1024;
constexpr qint64 kReadChunkBytes = 64 * 1024;
constexpr qint64 kWriteChunkBytes = 64 * 1024;
constexpr qint64 kWriteHighWaterBytes = 512 * 1024;

// Reads and drops the body of a request that was answered from its head alone.
class DiscardBody final : public BodyHandler {
public:
    explicit DiscardBody(SimResponse response)
        : m_response(std::move(response)) {}
    void consume(QByteArrayView) override {}
    SimResponse complete() override { return m_response; }

private:
    SimResponse m_response;
};
} // namespace

HttpConnection::HttpConnection(QSslSocket *socket, Personality &personality, CheckLog *log,
                               bool compress, QObject *parent)
    : QObject(parent)
    , m_socket(socket)
    , m_personality(personality)
    , m_log(log)
    , m_parser(pc::HttpParser::Mode::Request, this)
    , m_compress(compress) {
    socket->setParent(this);
    socket->setReadBufferSize(kReadBufferBytes);
    connect(socket, &QSslSocket::readyRead, this, &HttpConnection::onReadyRead);
    connect(socket, &QSslSocket::bytesWritten, this, &HttpConnection::pump);
    connect(socket, &QSslSocket::encryptedBytesWritten, this, &HttpConnection::pump);
    connect(socket, &QSslSocket::disconnected, this, &QObject::deleteLater);
    if (socket->bytesAvailable() > 0)
        QMetaObject::invokeMethod(this, &HttpConnection::onReadyRead, Qt::QueuedConnection);
}

HttpConnection::~HttpConnection() = default;

pc::HttpParserListener::Action HttpConnection::onRequestHead(const pc::HttpRequestHead &head) {
    m_head = head;
    return Action::Continue;
}

pc::HttpParserListener::Action HttpConnection::onBody(QByteArrayView data) {
    if (m_handler)
        m_handler->consume(data);
    return Action::Continue;
}

pc::HttpParserListener::Action HttpConnection::onMessageComplete() {
    // Stop here: bytes after this message belong to the next request, whose head is
    // looked at before it is consumed.
    m_messageComplete = true;
    return Action::Pause;
}

void HttpConnection::onReadyRead() {
    if (m_phase == Phase::Head)
        readHead();
    else if (m_phase == Phase::Body)
        readBody();
    // Responding: the next request waits in the (bounded) socket buffer.
}

void HttpConnection::readHead() {
    while (m_phase == Phase::Head) {
        const QByteArray data =
            m_inbox + m_socket->peek(qMax<qint64>(0, kMaxHeadBytes + 4 - m_inbox.size()));
        const qsizetype end = data.indexOf("\r\n\r\n");
        if (end < 0) {
            if (data.size() > kMaxHeadBytes)
                refuseMessage(431, refusal::HeadTooLarge, u"request head over 64 KiB"_s);
            return;
        }
        const qsizetype headBytes = end + 4;
        m_head.reset();
        m_messageComplete = false;
        if (m_parser.isPaused())
            m_parser.resume();
        const auto fed = m_parser.feed(QByteArrayView(data).first(headBytes));
        if (!fed) {
            refuseMessage(fed.error().status, refusal::BadRequest, fed.error().message);
            return;
        }
        if (!m_head && *fed == 0) { // cannot happen with a parser that is not paused
            refuseMessage(400, refusal::BadRequest, u"the parser made no progress"_s);
            return;
        }
        if (m_head && m_head->isWebSocketUpgrade()) {
            startUpgrade();
            return;
        }
        // Take what the parser consumed off the inbox first, then off the socket.
        qint64 consume = *fed;
        const qsizetype fromInbox = qMin<qsizetype>(consume, m_inbox.size());
        m_inbox.remove(0, fromInbox);
        consume -= fromInbox;
        if (consume > 0)
            m_socket->skip(consume);
        if (m_head)
            startRequest();
        // else: only empty lines before a request; look again.
    }
}

void HttpConnection::startRequest() {
    const pc::HttpRequestHead &head = *m_head;
    const SimRequest request(head.method, head.target, head.headers,
                             m_socket->peerAddress().toString());
    Dispatch dispatch = m_personality.dispatch(request);
    m_handler = dispatch.handler ? std::move(dispatch.handler)
                                 : std::make_unique<DiscardBody>(std::move(*dispatch.response));
    m_phase = Phase::Body;
    if (m_messageComplete) {
        respond(m_handler->complete());
        return;
    }
    // curl and others wait (a while) for this before sending a large body.
    if (head.headers.value("expect").compare("100-continue", Qt::CaseInsensitive) == 0)
        m_socket->write(pc::HttpSerializer::simpleResponse(100, {}, {}).value());
    readBody();
}

void HttpConnection::readBody() {
    while (m_phase == Phase::Body) {
        if (m_inbox.isEmpty()) {
            m_inbox = m_socket->read(kReadChunkBytes);
            if (m_inbox.isEmpty())
                return;
        }
        const auto fed = m_parser.feed(m_inbox);
        if (!fed) {
            refuseMessage(fed.error().status, refusal::BadRequest, fed.error().message);
            return;
        }
        m_inbox.remove(0, *fed);
        if (m_messageComplete)
            respond(m_handler->complete());
    }
}

void HttpConnection::startUpgrade() {
    const pc::HttpRequestHead &head = *m_head;
    const SimRequest request(head.method, head.target, head.headers,
                             m_socket->peerAddress().toString());
    UpgradeDecision decision = m_personality.upgrade(request);
    if (decision.refusal) {
        m_inbox.clear(); // the connection ends with this answer
        m_socket->skip(m_socket->bytesAvailable());
        m_closeAfterResponse = true;
        respond(*decision.refusal);
        return;
    }
    if (!m_inbox.isEmpty()) {
        // The upgrade came pipelined behind a request whose bytes were already read,
        // so Qt cannot read it off the socket. Browsers never do this.
        refuseMessage(400, refusal::PipelinedUpgrade,
                      u"send the upgrade on a connection of its own"_s);
        return;
    }
    disconnect(m_socket, nullptr, this, nullptr);
    QSslSocket *socket = m_socket;
    m_socket = nullptr;
    ConsoleUpgrade::start(socket, std::move(decision), m_log, parent());
    m_phase = Phase::Closing;
    deleteLater();
}

void HttpConnection::respond(const SimResponse &response) {
    m_phase = Phase::Respond;
    m_handler.reset();
    const bool isHead = m_head && m_head->method == "HEAD";
    const bool close = m_closeAfterResponse || !m_head || !m_head->keepAlive();

    pc::HttpResponseHead head;
    head.status = response.status();
    head.reason = pc::HttpSerializer::reasonPhrase(response.status());
    head.headers = response.headers();
    QByteArray body = response.body();
    if (m_compress && !response.source() && !body.isEmpty() && m_head &&
        !head.headers.contains("content-encoding") &&
        Compression::compressible(head.headers.value("content-type")) &&
        Compression::acceptsGzip(m_head->headers)) {
        body = Compression::gzip(body);
        head.headers.set("Content-Encoding", "gzip");
        head.headers.append("Vary", "Accept-Encoding");
    }
    head.headers.set(
        "Content-Length",
        QByteArray::number(response.source() ? response.contentLength() : body.size()));
    if (close)
        head.headers.set("Connection", "close");
    m_closeAfterResponse = close;
    const auto bytes = pc::HttpSerializer::responseHead(head);
    if (!bytes) {
        // A personality built a header no HTTP message may carry: a bug of the emulator.
        qCCritical(lcBmcsim).noquote() << "cannot write a response:" << bytes.error().message;
        m_closeAfterResponse = true;
        m_socket->write(pc::HttpSerializer::simpleResponse(500, {}, {}).value());
        finishResponse();
        return;
    }
    m_socket->write(*bytes);

    if (isHead) {
        finishResponse();
    } else if (response.source()) {
        m_source = response.source();
        m_sourceLeft = m_source->size();
        pump();
    } else {
        m_socket->write(body);
        finishResponse();
    }
}

qint64 HttpConnection::queuedBytes() const {
    return m_socket->bytesToWrite() + m_socket->encryptedBytesToWrite();
}

void HttpConnection::pump() {
    if (m_phase != Phase::Respond || !m_source)
        return;
    while (m_sourceLeft > 0 && queuedBytes() < kWriteHighWaterBytes) {
        const QByteArray chunk = m_source->read(qMin(m_sourceLeft, kWriteChunkBytes));
        m_socket->write(chunk);
        m_sourceLeft -= chunk.size();
    }
    if (m_sourceLeft == 0) {
        m_source.reset();
        finishResponse();
    }
}

void HttpConnection::finishResponse() {
    if (m_closeAfterResponse) {
        m_phase = Phase::Closing;
        m_socket->disconnectFromHost();
        return;
    }
    m_phase = Phase::Head;
    m_head.reset();
    // The next request may already wait in the buffer; no readyRead will announce it.
    QMetaObject::invokeMethod(this, &HttpConnection::onReadyRead, Qt::QueuedConnection);
}

void HttpConnection::refuseMessage(int status, const QString &reason, const QString &detail) {
    m_log->refuse(reason, detail);
    m_inbox.clear();
    m_closeAfterResponse = true;
    m_head.reset();
    respond(SimResponse::refusal(status, reason, detail));
}

} // namespace bmcsim
