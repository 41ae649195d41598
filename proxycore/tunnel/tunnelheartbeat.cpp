#include "tunnel/tunnelheartbeat.h"

namespace pc {

TunnelHeartbeat::TunnelHeartbeat(int pingIntervalMs, int deadAfterMs, QObject *parent)
    : QObject(parent) {
    m_ping.setInterval(pingIntervalMs);
    m_dead.setInterval(deadAfterMs);
    m_dead.setSingleShot(true);
    connect(&m_ping, &QTimer::timeout, this, &TunnelHeartbeat::pingDue);
    connect(&m_dead, &QTimer::timeout, this, [this] {
        m_ping.stop();
        Q_EMIT peerDead();
    });
}

void TunnelHeartbeat::start() {
    m_ping.start();
    m_dead.start();
}

void TunnelHeartbeat::stop() {
    m_ping.stop();
    m_dead.stop();
}

void TunnelHeartbeat::noteInbound() {
    if (m_dead.isActive())
        m_dead.start();
}

} // namespace pc
