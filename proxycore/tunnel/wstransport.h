#pragma once

#include "tunnel/messagetransport.h"
#include "tunnel/wsframereader.h"

#include <QHostAddress>
#include <QPointer>
#include <QTcpSocket>
#include <QTimer>

namespace pc {

// A MessageTransport over a WebSocket whose handshake is done, framed by hand (see
// wsframe.h for why): binary messages each way, pings answered, the close handshake
// with its code. SOCKET (TCP or TLS, connected) becomes a child of this object;
// FIRSTBYTES are bytes read from it after the handshake's head (the first frames).
// A client masks each frame with a fresh random key; a server sends unmasked frames.
// A protocol violation by the peer (WsFrameReader) closes with its code.
class WsTransport : public MessageTransport {
    Q_OBJECT
public:
    enum class Role { Client, Server };

    WsTransport(QTcpSocket *socket, Role role, qint64 maxMessageBytes, QByteArray firstBytes,
                QObject *parent = nullptr);
    ~WsTransport() override;

    void sendMessage(const QByteArray &message) override;
    void flush() override;
    // Includes a QSslSocket's encrypted backlog (see writebacklog.h).
    qint64 bytesToWrite() const override;
    bool isConnected() const override;
    void close() override;
    void abort() override;
    QString peerName() const override;
    QHostAddress peerAddress() const { return m_peerAddress; }

    // Sends a Close frame with CODE and waits (a few seconds at most) for the peer's.
    void closeWith(quint16 code, const QString &reason);

private:
    void readAvailable();
    void process(QByteArrayView data);
    void sendFrame(wsframe::Opcode opcode, const QByteArray &payload);
    void lost();

    QPointer<QTcpSocket> m_socket;
    Role m_role;
    WsFrameReader m_reader;
    QByteArray m_scratch;
    QTimer m_closeTimer; // the peer's answer to our Close
    QHostAddress m_peerAddress;
    QString m_peer;
    bool m_closeSent = false;
    bool m_lost = false;
};

} // namespace pc
