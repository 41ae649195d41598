#include "tunnel/wstransport.h"

#include "tunnel/tunnellog.h"
#include "util/lowdelay.h"
#include "util/writebacklog.h"

#include <QRandomGenerator>

using namespace Qt::StringLiterals;

namespace pc {

using namespace wsframe;

namespace {

constexpr qsizetype kReadChunk = 256 * 1024;
constexpr int kCloseWaitMs = 3000;

WsFrameReader::Role readerRole(WsTransport::Role role) {
    return role == WsTransport::Role::Server ? WsFrameReader::Role::Server
                                             : WsFrameReader::Role::Client;
}

} // namespace

WsTransport::WsTransport(QTcpSocket *socket, Role role, qint64 maxMessageBytes,
                         QByteArray firstBytes, QObject *parent)
    : MessageTransport(parent)
    , m_socket(socket)
    , m_role(role)
    , m_reader(readerRole(role), maxMessageBytes)
    , m_scratch(kReadChunk, Qt::Uninitialized)
    , m_peerAddress(socket->peerAddress())
    , m_peer(m_peerAddress.toString() + u':' + QString::number(socket->peerPort())) {
    socket->setParent(this);
    // Each envelope leaves at once (see lowdelay.h).
    setLowDelay(socket);
    m_closeTimer.setSingleShot(true);
    connect(&m_closeTimer, &QTimer::timeout, this, &WsTransport::abort);
    connect(socket, &QIODevice::readyRead, this, &WsTransport::readAvailable);
    pc::onWriteProgress(socket, this, [this] { Q_EMIT bytesWritten(); });
    connect(socket, &QAbstractSocket::disconnected, this, &WsTransport::lost);
    connect(socket, &QAbstractSocket::errorOccurred, this, [this] {
        if (!m_socket || m_socket->state() == QAbstractSocket::UnconnectedState)
            lost();
    });
    // Queued: whoever made us connects to our signals first.
    QMetaObject::invokeMethod(
        this,
        [this, first = std::move(firstBytes)] {
            if (!first.isEmpty())
                process(first);
            if (m_socket && m_socket->state() != QAbstractSocket::ConnectedState)
                lost();
            else
                readAvailable();
        },
        Qt::QueuedConnection);
}

WsTransport::~WsTransport() {
    QTcpSocket *socket = m_socket.data();
    if (!socket)
        return;
    socket->disconnect(this);
    if (m_closeSent && socket->state() == QAbstractSocket::ConnectedState) {
        // Deleted right after close() (e.g. a refused Hello): let the Close frame and
        // what precedes it leave, then drop the connection.
        socket->setParent(nullptr);
        connect(socket, &QAbstractSocket::disconnected, socket, &QObject::deleteLater);
        QTimer::singleShot(kCloseWaitMs, socket, [socket] {
            socket->abort();
            socket->deleteLater();
        });
        socket->disconnectFromHost();
        return;
    }
    socket->abort();
}

void WsTransport::sendFrame(Opcode opcode, const QByteArray &payload) {
    QTcpSocket *socket = m_socket.data();
    if (!socket)
        return;
    if (m_role == Role::Client) {
        // RFC 6455 §5.3: a fresh unpredictable key for every frame.
        socket->write(frame(opcode, payload, QRandomGenerator::system()->generate()));
        return;
    }
    char header[maxHeaderBytes];
    const int n = writeHeader(header, opcode, quint64(payload.size()), std::nullopt);
    socket->write(header, n);
    // The payload goes as it is (the QByteArray overload may share rather than copy).
    if (!payload.isEmpty())
        socket->write(payload);
}

void WsTransport::sendMessage(const QByteArray &message) {
    if (m_lost || m_closeSent)
        return;
    sendFrame(Binary, message);
}

void WsTransport::flush() {
    if (m_socket && !m_lost)
        m_socket->flush();
}

qint64 WsTransport::bytesToWrite() const {
    return m_socket ? pc::writeBacklog(m_socket.data()) : 0;
}

bool WsTransport::isConnected() const {
    return !m_lost && !m_closeSent && m_socket &&
           m_socket->state() == QAbstractSocket::ConnectedState;
}

void WsTransport::close() {
    closeWith(CloseNormal, {});
}

void WsTransport::closeWith(quint16 code, const QString &reason) {
    QTcpSocket *socket = m_socket.data();
    if (m_lost || m_closeSent || !socket)
        return;
    m_closeSent = true;
    sendFrame(Close, closePayload(code, reason.toUtf8()));
    socket->flush();
    if (m_reader.isDone()) {
        // The peer closed first (or broke the protocol): nothing more to wait for.
        socket->disconnectFromHost();
        return;
    }
    m_closeTimer.start(kCloseWaitMs);
}

void WsTransport::abort() {
    if (m_socket && !m_lost)
        m_socket->abort();
    // abort() may not report disconnected() when the socket was not connected.
    QMetaObject::invokeMethod(this, &WsTransport::lost, Qt::QueuedConnection);
}

QString WsTransport::peerName() const {
    return m_peer;
}

void WsTransport::readAvailable() {
    QPointer<WsTransport> self(this);
    while (self && !m_lost && m_socket && m_socket->bytesAvailable() > 0) {
        const qint64 n = m_socket->read(m_scratch.data(), m_scratch.size());
        if (n <= 0)
            break;
        process(QByteArrayView(m_scratch.constData(), n));
    }
}

void WsTransport::process(QByteArrayView data) {
    if (m_reader.isDone())
        return; // after a Close or a violation nothing more is read
    QList<WsFrameReader::Event> events;
    const auto failure = m_reader.feed(data, events);
    QPointer<WsTransport> self(this);
    for (auto &event : events) {
        if (!self || m_lost)
            return;
        switch (event.kind) {
        case WsFrameReader::Event::Kind::Message:
            Q_EMIT messageReceived(event.payload);
            break;
        case WsFrameReader::Event::Kind::Ping:
            if (!m_closeSent)
                sendFrame(Pong, event.payload);
            break;
        case WsFrameReader::Event::Kind::Pong:
            break;
        case WsFrameReader::Event::Kind::Close:
            qCDebug(lcTunnel) << "tunnel transport to" << m_peer << "closed by the peer, code"
                              << event.closeCode;
            if (m_closeSent) {
                if (QTcpSocket *socket = m_socket.data())
                    socket->disconnectFromHost();
            } else {
                // Echo the code (RFC 6455 §5.5.1), then the TCP connection ends.
                closeWith(event.closeCode == CloseNoStatus ? quint16(CloseNormal) : event.closeCode,
                          {});
            }
            break;
        }
    }
    if (self && failure && !m_lost) {
        qCInfo(lcTunnel).noquote()
            << "tunnel transport to" << m_peer << "broke the protocol:" << failure->reason;
        closeWith(failure->closeCode, failure->reason);
    }
}

void WsTransport::lost() {
    if (m_lost)
        return;
    m_lost = true;
    m_closeTimer.stop();
    if (m_socket)
        qCDebug(lcTunnel).noquote()
            << "tunnel transport to" << m_peer << "lost:" << m_socket->errorString();
    Q_EMIT disconnected();
}

} // namespace pc
