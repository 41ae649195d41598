#pragma once

#include <QByteArray>
#include <QObject>
#include <QString>

namespace pc {

// A connection that carries whole binary messages in order (a WebSocket, or an
// in-memory pair in tests). TunnelSession speaks its protocol over one of these.
// Contract: disconnected() is emitted once, after which nothing is received and
// sendMessage() does nothing.
class MessageTransport : public QObject {
    Q_OBJECT
public:
    using QObject::QObject;

    virtual void sendMessage(const QByteArray &message) = 0;
    // Hands what sendMessage() queued to the network now rather than in a later
    // event-loop pass.
    virtual void flush() {}
    // Bytes handed to sendMessage() that have not reached the network yet.
    virtual qint64 bytesToWrite() const = 0;
    virtual bool isConnected() const = 0;
    // Ends the connection politely (queued messages are sent first).
    virtual void close() = 0;
    // Drops the connection at once.
    virtual void abort() = 0;
    // For logs: e.g. the peer's address.
    virtual QString peerName() const = 0;

Q_SIGNALS:
    void messageReceived(const QByteArray &message);
    // The backlog shrank (some queued bytes left).
    void bytesWritten();
    void disconnected();
};

} // namespace pc
