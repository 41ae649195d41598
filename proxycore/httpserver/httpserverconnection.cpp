#include "httpserver/httpserverconnection.h"

#include "httpserver/httpserverhandler.h"
#include "httpserver/httpserverlog.h"

#include <QTcpSocket>

namespace pc {

HttpServerConnection::HttpServerConnection(QTcpSocket *socket, HttpServerHandler *handler,
                                           Options options, QObject *parent)
    : QObject(parent)
    , m_socket(socket)
    , m_handler(handler)
    , m_options(std::move(options))
    , m_parser(std::make_unique<HttpParser>(HttpParser::Mode::Request,
                                            static_cast<HttpParserListener *>(this))) {
    socket->setReadBufferSize(m_options.inputHighWater);
    connect(socket, &QIODevice::readyRead, this, &HttpServerConnection::pumpInput);
    connect(socket, &QAbstractSocket::disconnected, this, [this] {
        if (m_closing)
            done();
        else
            close();
    });
    m_idleTimer.setSingleShot(true);
    connect(&m_idleTimer, &QTimer::timeout, this, [this] {
        if (!m_busy)
            close();
    });
    if (m_options.idleTimeoutMs > 0)
        m_idleTimer.start(m_options.idleTimeoutMs);
    // The first request's head is due within the header timeout of the connection (a
    // client that connects and says nothing, or dribbles, is a slowloris).
    m_headerTimer.setSingleShot(true);
    connect(&m_headerTimer, &QTimer::timeout, this, &HttpServerConnection::headerTimedOut);
    if (m_options.headerTimeoutMs)
        m_headerTimer.start(m_options.headerTimeoutMs());
    m_lingerTimer.setSingleShot(true);
    QMetaObject::invokeMethod(this, &HttpServerConnection::pumpInput, Qt::QueuedConnection);
}

HttpServerConnection::~HttpServerConnection() = default;

bool HttpServerConnection::parseFailed() const {
    return m_parser->error().has_value();
}

void HttpServerConnection::pumpInput() {
    // Re-entered from a handler's call (readBody() inside onRequest()): the loop below
    // goes on by itself.
    if (m_pumping)
        return;
    m_pumping = true;
    while (!m_closing) {
        if (m_parser->isPaused() || m_pendingHead ||
            m_parser->state() == HttpParser::State::Upgraded ||
            m_parser->state() == HttpParser::State::Closed)
            break;
        if (m_options.headerTimeoutMs && !m_busy && !m_headerTimer.isActive() &&
            (!m_input.isEmpty() || m_socket->bytesAvailable() > 0))
            m_headerTimer.start(m_options.headerTimeoutMs());
        if (m_input.isEmpty()) {
            if (m_socket->bytesAvailable() == 0)
                break;
            m_input = m_socket->read(m_options.readPiece);
            m_handler->onInput(m_input.size());
            if (m_options.idleTimeoutMs > 0)
                m_idleTimer.start(m_options.idleTimeoutMs);
        }
        auto consumed = m_parser->feed(m_input);
        if (!consumed) {
            qCInfo(lcHttpServer) << "refused a malformed request:" << consumed.error().message;
            m_pumping = false;
            m_handler->onBadRequest(consumed.error());
            closeAfterAnswer(); // the input cannot be read on
            return;
        }
        m_input.remove(0, *consumed);
        if (m_pendingHead) {
            HttpRequestHead head = std::move(*m_pendingHead);
            m_pendingHead.reset();
            m_handler->onRequest(std::move(head));
        }
    }
    m_pumping = false;
}

HttpParserListener::Action HttpServerConnection::onRequestHead(const HttpRequestHead &head) {
    // Answering may need a DNS lookup or an upstream connection first: stop parsing here.
    m_headerTimer.stop();
    m_pendingHead = head;
    m_busy = true;
    m_bodyStarted = false;
    m_requestComplete = !head.hasBody();
    m_requestKeepAlive = head.keepAlive();
    return Action::Pause;
}

HttpParserListener::Action HttpServerConnection::onBody(QByteArrayView data) {
    return m_handler->onBody(data) ? Action::Pause : Action::Continue;
}

HttpParserListener::Action HttpServerConnection::onMessageComplete() {
    m_requestComplete = true;
    m_handler->onRequestEnd();
    // The next pipelined request waits until this one is answered.
    return m_busy ? Action::Pause : Action::Continue;
}

void HttpServerConnection::readBody() {
    m_bodyStarted = true;
    m_parser->resume();
    pumpInput();
}

void HttpServerConnection::resumeBody() {
    if (m_parser->isPaused() && !m_requestComplete && m_bodyStarted) {
        m_parser->resume();
        pumpInput();
    }
}

void HttpServerConnection::respond(const QByteArray &response, bool close) {
    m_socket->write(response);
    finishResponse(!close);
}

void HttpServerConnection::finishResponse(bool keepAlive) {
    m_busy = false;
    // An unread request body would be taken for the next request: close instead. So is
    // the rest of a refused upgrade's stream (no longer HTTP).
    if (!keepAlive || !m_requestKeepAlive || !m_requestComplete ||
        m_parser->state() == HttpParser::State::Upgraded) {
        closeAfterAnswer();
        return;
    }
    if (m_options.idleTimeoutMs > 0)
        m_idleTimer.start(m_options.idleTimeoutMs);
    m_parser->resume();
    pumpInput();
}

void HttpServerConnection::closeAfterAnswer() {
    if (m_closing)
        return;
    const bool unread = !m_requestComplete || !m_input.isEmpty() || m_socket->bytesAvailable() > 0;
    if (m_options.linger && unread && m_socket->state() == QAbstractSocket::ConnectedState) {
        m_closing = true;
        m_idleTimer.stop();
        m_headerTimer.stop();
        m_handler->onClosing();
        linger();
        return;
    }
    close();
}

void HttpServerConnection::close() {
    if (m_closing)
        return;
    m_closing = true;
    m_idleTimer.stop();
    m_headerTimer.stop();
    m_handler->onClosing();
    if (m_socket->state() == QAbstractSocket::ConnectedState)
        m_socket->disconnectFromHost(); // sends what is queued, then closes
    if (m_socket->state() == QAbstractSocket::UnconnectedState)
        done(); // else on disconnected()
}

QByteArray HttpServerConnection::takeSocketForUpgrade() {
    if (!m_bodyStarted && m_parser->isPaused()) {
        // The parser stopped inside the head's last line break (it pauses as the head
        // completes): let it finish the head so that only later bytes are passed on.
        m_parser->resume();
        if (auto rest = m_parser->feed(m_input))
            m_input.remove(0, *rest);
    }
    m_socket->disconnect(this);
    m_idleTimer.stop();
    m_headerTimer.stop();
    m_closing = true;
    return std::exchange(m_input, {});
}

void HttpServerConnection::headerTimedOut() {
    if (m_busy || m_closing)
        return;
    const int ms = int(m_headerTimer.interval());
    qCInfo(lcHttpServer) << "closing a connection whose request head took over" << ms << "ms";
    m_handler->onHeaderTimeout(ms);
    close();
}

void HttpServerConnection::linger() {
    // The client is still sending (an upload answered early, or refused). Closing a
    // socket with unread input makes the kernel send a reset, which can destroy the
    // answer before the client reads it: instead, read and drop what comes until the
    // client closes (it has the answer, "Connection: close"), or for a bounded time (as
    // nginx's lingering_timeout and lingering_time).
    disconnect(m_socket, &QIODevice::readyRead, this, nullptr);
    connect(m_socket, &QIODevice::readyRead, this, &HttpServerConnection::dropInput);
    connect(&m_lingerTimer, &QTimer::timeout, this, [this] {
        m_socket->disconnectFromHost(); // quiet long enough: the answer has been read
        if (m_socket->state() == QAbstractSocket::UnconnectedState)
            done();
    });
    m_lingerClock.start();
    m_input.clear();
    dropInput();
}

void HttpServerConnection::dropInput() {
    m_socket->skip(m_socket->bytesAvailable());
    if (m_lingerClock.elapsed() > m_options.lingerMaxMs) {
        m_socket->abort(); // a client that keeps sending regardless
        done();
        return;
    }
    m_lingerTimer.start(m_options.lingerIdleMs);
}

void HttpServerConnection::done() {
    if (m_finished)
        return;
    m_finished = true;
    m_lingerTimer.stop();
    Q_EMIT finished();
}

} // namespace pc
