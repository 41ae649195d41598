#include "bmcsim/consolesession.h"

#include "bmcsim/checklog.h"
#include "bmcsim/logging.h"
#include "bmcsim/testpattern.h"

#include <QSslSocket>
#include <QWebSocket>

using namespace Qt::StringLiterals;

namespace bmcsim {

namespace {
// Above this many unsent bytes a frame is dropped rather than queued.
constexpr qint64 kMaxQueuedBytes = 256 * 1024;
} // namespace

ConsoleSession::ConsoleSession(QWebSocket *socket, QSslSocket *transport,
                               ConsoleHandshake handshake, CheckLog *log, QObject *parent)
    : QObject(parent)
    , m_socket(socket)
    , m_transport(transport)
    , m_handshake(std::move(handshake))
    , m_log(log) {
    socket->setParent(this);
    connect(socket, &QWebSocket::disconnected, this, &QObject::deleteLater);
    connect(socket, &QWebSocket::binaryMessageReceived, this, &ConsoleSession::onBinaryMessage);
    m_timer.setInterval(pattern::kFrameIntervalMs);
    connect(&m_timer, &QTimer::timeout, this, &ConsoleSession::sendFrame);
    // Not the subprotocol: on OpenBMC it is the session's XSRF token.
    qCInfo(lcBmcsim).noquote() << "console opened" << socket->requestUrl().path();

    if (!m_handshake.hello.isEmpty())
        socket->sendBinaryMessage(m_handshake.hello);
    if (m_handshake.expectedReply.isEmpty())
        startStreaming();
}

void ConsoleSession::closeAtOnce(QWebSocket *socket, const QString &reason) {
    QObject::connect(socket, &QWebSocket::disconnected, socket, &QObject::deleteLater);
    socket->close(QWebSocketProtocol::CloseCodePolicyViolated, reason);
}

void ConsoleSession::onBinaryMessage(const QByteArray &message) {
    if (!m_streaming) {
        if (message != m_handshake.expectedReply) {
            m_log->refuse(
                m_handshake.failureReason,
                u"console handshake answer did not match (%1 bytes)"_s.arg(message.size()));
            m_socket->close(QWebSocketProtocol::CloseCodePolicyViolated, m_handshake.failureReason);
            return;
        }
        if (!m_handshake.ack.isEmpty())
            m_socket->sendBinaryMessage(m_handshake.ack);
        startStreaming();
        return;
    }
    if (const auto echo = pattern::echoFor(message))
        m_socket->sendBinaryMessage(*echo);
}

void ConsoleSession::startStreaming() {
    m_streaming = true;
    sendFrame();
    m_timer.start();
}

void ConsoleSession::sendFrame() {
    // QWebSocket only knows the unencrypted backlog; TLS keeps its own.
    if (m_socket->bytesToWrite() + m_transport->encryptedBytesToWrite() > kMaxQueuedBytes)
        return;
    m_socket->sendBinaryMessage(pattern::frame(m_frameNumber++));
}

} // namespace bmcsim
