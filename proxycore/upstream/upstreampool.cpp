#include "upstream/upstreampool.h"

#include "relay/deviceends.h"

#include <QIODevice>
#include <QTimer>
#include <utility>

namespace pc {

UpstreamPool::UpstreamPool(int maxIdlePerTarget, int idleTimeoutMs, QObject *parent)
    : QObject(parent)
    , m_maxIdle(maxIdlePerTarget)
    , m_idleTimeoutMs(idleTimeoutMs) {}

UpstreamPool::~UpstreamPool() {
    // abort() emits disconnected() at once, and discard() is connected to it: detach
    // each socket first, and walk lists nothing else can change. (Without that, discard()
    // ran inside this loop, edited the list being walked and called deleteLater() on the
    // timer just deleted: gatewayd crashed or hung on SIGTERM with idle BMC connections.)
    const auto idle = std::exchange(m_idle, {});
    for (const auto &list : idle) {
        for (const Idle &entry : list) {
            entry.socket->disconnect(this);
            delete entry.timer;
            pc::endDeviceAbruptly(entry.socket);
            delete entry.socket;
        }
    }
}

QIODevice *UpstreamPool::take(const QString &key) {
    auto it = m_idle.find(key);
    while (it != m_idle.end() && !it->isEmpty()) {
        const Idle idle = it->takeLast();
        delete idle.timer;
        idle.socket->disconnect(this);
        if (deviceIsWritable(idle.socket) && !deviceIsOver(idle.socket) &&
            deviceIsAttached(idle.socket) && idle.socket->bytesAvailable() == 0)
            return idle.socket;
        idle.socket->deleteLater();
    }
    if (it != m_idle.end() && it->isEmpty())
        m_idle.erase(it); // no empty lists left behind for targets seen once
    return nullptr;
}

void UpstreamPool::giveBack(const QString &key, QIODevice *socket) {
    // Only what the pool itself connected: the caller dropped its own connections, and
    // others (an agent registry's byte meters on a tunnel stream) must stay.
    socket->disconnect(this);
    const auto found = m_idle.constFind(key);
    const qsizetype held = found == m_idle.cend() ? 0 : found->size();
    if (m_maxIdle <= 0 || held >= m_maxIdle || !deviceIsWritable(socket) || deviceIsOver(socket) ||
        socket->bytesAvailable() > 0) {
        endDeviceAbruptly(socket);
        socket->deleteLater();
        return;
    }
    socket->setParent(this);
    auto *timer = new QTimer(this);
    timer->setSingleShot(true);
    connect(timer, &QTimer::timeout, this, [this, key, socket] { discard(key, socket); });
    timer->start(m_idleTimeoutMs);
    // An idle BMC connection must stay silent; a close or stray bytes end it.
    onDeviceEnded(socket, this, [this, key, socket](const QString &) { discard(key, socket); });
    connect(socket, &QIODevice::readyRead, this, [this, key, socket] { discard(key, socket); });
    m_idle[key].append({socket, timer});
}

qsizetype UpstreamPool::idleCount() const {
    qsizetype n = 0;
    for (const auto &list : m_idle)
        n += list.size();
    return n;
}

void UpstreamPool::discard(const QString &key, QIODevice *socket) {
    auto it = m_idle.find(key);
    if (it == m_idle.end())
        return;
    for (qsizetype i = 0; i < it->size(); ++i) {
        if (it->at(i).socket == socket) {
            const Idle idle = it->takeAt(i);
            idle.timer->deleteLater();
            idle.socket->disconnect(this);
            endDeviceAbruptly(idle.socket);
            idle.socket->deleteLater();
            break;
        }
    }
    if (it->isEmpty())
        m_idle.erase(it);
}

} // namespace pc
