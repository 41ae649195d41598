#include "tunnel/websockettransport.h"

#include "tunnel/tunnellog.h"
#include "util/lowdelay.h"
#include "util/writebacklog.h"

#include <QAbstractSocket>
#include <QWebSocket>

using namespace Qt::StringLiterals;

namespace pc {

WebSocketTransport::WebSocketTransport(QWebSocket *socket, qint64 maxMessageBytes, QObject *parent)
    : MessageTransport(parent)
    , m_socket(socket) {
    socket->setParent(this);
    socket->setMaxAllowedIncomingMessageSize(quint64(maxMessageBytes));
    socket->setMaxAllowedIncomingFrameSize(quint64(maxMessageBytes));
    m_raw = socket->findChild<QAbstractSocket *>();
    // QWebSocket has no socket options of its own: the TCP socket under it gets
    // TCP_NODELAY, so that each envelope leaves at once (see lowdelay.h).
    if (m_raw)
        setLowDelay(m_raw.data());
    connect(socket, &QWebSocket::binaryMessageReceived, this, &MessageTransport::messageReceived);
    connect(socket, &QWebSocket::textMessageReceived, this, [this] {
        qCInfo(lcTunnel) << "text message on a tunnel from" << peerName() << "- dropping it";
        abort();
    });
    if (m_raw)
        pc::onWriteProgress(m_raw, this, [this] { Q_EMIT bytesWritten(); });
    else
        connect(socket, &QWebSocket::bytesWritten, this, [this] { Q_EMIT bytesWritten(); });
    connect(socket, &QWebSocket::disconnected, this, &WebSocketTransport::lost);
    if (socket->state() != QAbstractSocket::ConnectedState)
        QMetaObject::invokeMethod(this, &WebSocketTransport::lost, Qt::QueuedConnection);
}

WebSocketTransport::~WebSocketTransport() {
    if (m_socket) {
        m_socket->disconnect(this);
        m_socket->abort();
    }
}

void WebSocketTransport::sendMessage(const QByteArray &message) {
    if (!m_lost && m_socket)
        m_socket->sendBinaryMessage(message);
}

qint64 WebSocketTransport::bytesToWrite() const {
    if (m_raw)
        return pc::writeBacklog(m_raw);
    return m_socket ? m_socket->bytesToWrite() : 0;
}

bool WebSocketTransport::isConnected() const {
    return !m_lost && m_socket && m_socket->state() == QAbstractSocket::ConnectedState;
}

void WebSocketTransport::close() {
    if (m_socket && !m_lost)
        m_socket->close();
}

void WebSocketTransport::abort() {
    if (m_socket && !m_lost)
        m_socket->abort();
    // QWebSocket::abort() may not report disconnected() when the socket never connected.
    QMetaObject::invokeMethod(this, &WebSocketTransport::lost, Qt::QueuedConnection);
}

QString WebSocketTransport::peerName() const {
    if (!m_socket)
        return u"(gone)"_s;
    return m_socket->peerAddress().toString() + u':' + QString::number(m_socket->peerPort());
}

void WebSocketTransport::lost() {
    if (m_lost)
        return;
    m_lost = true;
    if (QWebSocket *ws = m_socket)
        qCDebug(lcTunnel).noquote()
            << "tunnel transport to" << peerName() << "lost: close code" << int(ws->closeCode())
            << ws->closeReason() << "socket error" << ws->errorString();
    Q_EMIT disconnected();
}

} // namespace pc
