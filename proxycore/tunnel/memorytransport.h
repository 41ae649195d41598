#pragma once

#include "tunnel/messagetransport.h"

#include <QPointer>
#include <deque>
#include <utility>

namespace pc {

// An in-memory MessageTransport pair: what one end sends, the other receives from
// the event loop (each delivery pass hands over what was queued when it started, so
// bytesToWrite() models a network backlog). For tests and in-process use.
// Failure modes for tests: abort() (both ends see disconnected()), and a black hole
// (messages vanish silently both ways: a dead peer that heartbeats must detect).
class MemoryTransport : public MessageTransport {
    Q_OBJECT
public:
    static std::pair<MemoryTransport *, MemoryTransport *> createPair(QObject *parent = nullptr);

    void sendMessage(const QByteArray &message) override;
    qint64 bytesToWrite() const override { return m_backlog; }
    bool isConnected() const override { return !m_closed; }
    void close() override;
    void abort() override;
    QString peerName() const override;

    void setBlackHole(bool on);
    // While paused, nothing is delivered toward the peer (the backlog grows).
    void setPaused(bool paused);
    quint64 messagesSent() const { return m_messagesSent; }

private:
    explicit MemoryTransport(QObject *parent);
    void scheduleDelivery();
    void deliver();
    void lose();

    QPointer<MemoryTransport> m_peer;
    std::deque<QByteArray> m_queue; // sent by this end, not yet delivered to the peer
    qint64 m_backlog = 0;
    quint64 m_messagesSent = 0;
    bool m_deliveryScheduled = false;
    bool m_blackHole = false;
    bool m_paused = false;
    bool m_closed = false;
};

} // namespace pc
