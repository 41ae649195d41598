#pragma once

#include "tunnel/messagetransport.h"

#include <QAbstractSocket>
#include <QPointer>
#include <QWebSocket>

namespace pc {

// A MessageTransport over a connected QWebSocket's binary messages (the socket
// becomes a child of this object). A text message is a protocol violation and drops
// the connection; incoming messages are capped at MAXMESSAGEBYTES by QWebSocket itself.
class WebSocketTransport : public MessageTransport {
    Q_OBJECT
public:
    WebSocketTransport(QWebSocket *socket, qint64 maxMessageBytes, QObject *parent = nullptr);
    ~WebSocketTransport() override;

    void sendMessage(const QByteArray &message) override;
    qint64 bytesToWrite() const override;
    bool isConnected() const override;
    void close() override;
    void abort() override;
    QString peerName() const override;

    QWebSocket *webSocket() const { return m_socket; }

private:
    void lost();

    QPointer<QWebSocket> m_socket;
    // The TCP/TLS socket under the WebSocket when Qt made it our child: QWebSocket's
    // bytesToWrite() misses the encrypted backlog of a QSslSocket (see writebacklog.h).
    QPointer<QAbstractSocket> m_raw;
    bool m_lost = false;
};

} // namespace pc
