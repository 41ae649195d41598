#include "tunnel/memorytransport.h"

using namespace Qt::StringLiterals;

namespace pc {

MemoryTransport::MemoryTransport(QObject *parent)
    : MessageTransport(parent) {}

std::pair<MemoryTransport *, MemoryTransport *> MemoryTransport::createPair(QObject *parent) {
    auto *a = new MemoryTransport(parent);
    auto *b = new MemoryTransport(parent);
    a->m_peer = b;
    b->m_peer = a;
    return {a, b};
}

void MemoryTransport::sendMessage(const QByteArray &message) {
    if (m_closed)
        return;
    ++m_messagesSent;
    if (m_blackHole)
        return;
    m_queue.push_back(message);
    m_backlog += message.size();
    scheduleDelivery();
}

void MemoryTransport::scheduleDelivery() {
    if (m_deliveryScheduled || m_paused || m_queue.empty())
        return;
    m_deliveryScheduled = true;
    QMetaObject::invokeMethod(this, &MemoryTransport::deliver, Qt::QueuedConnection);
}

void MemoryTransport::deliver() {
    m_deliveryScheduled = false;
    if (m_closed || m_paused)
        return;
    std::deque<QByteArray> batch;
    batch.swap(m_queue);
    m_backlog = 0;
    QPointer<MemoryTransport> self(this);
    for (const QByteArray &message : batch) {
        if (!self || m_closed)
            return;
        MemoryTransport *peer = m_peer.data();
        if (!peer || peer->m_closed)
            return;
        Q_EMIT peer->messageReceived(message);
    }
    if (self && !batch.empty())
        Q_EMIT bytesWritten();
}

void MemoryTransport::close() {
    // Deliver what is queued, then end both sides.
    QPointer<MemoryTransport> self(this);
    if (!m_paused)
        deliver();
    if (self)
        abort();
}

void MemoryTransport::abort() {
    if (m_closed)
        return;
    lose();
    if (m_peer)
        QMetaObject::invokeMethod(m_peer.data(), &MemoryTransport::lose, Qt::QueuedConnection);
}

void MemoryTransport::lose() {
    if (m_closed)
        return;
    m_closed = true;
    m_queue.clear();
    m_backlog = 0;
    QMetaObject::invokeMethod(
        this, [this] { Q_EMIT disconnected(); }, Qt::QueuedConnection);
}

QString MemoryTransport::peerName() const {
    return u"memory"_s;
}

void MemoryTransport::setBlackHole(bool on) {
    m_blackHole = on;
    if (MemoryTransport *peer = m_peer.data())
        peer->m_blackHole = on;
}

void MemoryTransport::setPaused(bool paused) {
    m_paused = paused;
    scheduleDelivery();
}

} // namespace pc
