#pragma once

#include <QObject>
#include <QTimer>

namespace pc {

// Liveness of one transport: asks for a ping every PINGINTERVAL and declares the peer
// dead after DEADAFTER without any inbound message (each side runs its own, so both
// ends notice a dead peer, whichever way the network failed).
class TunnelHeartbeat : public QObject {
    Q_OBJECT
public:
    TunnelHeartbeat(int pingIntervalMs, int deadAfterMs, QObject *parent = nullptr);

    void start();
    void stop();
    // Something arrived from the peer.
    void noteInbound();
    bool isRunning() const { return m_dead.isActive(); }

Q_SIGNALS:
    void pingDue();
    void peerDead();

private:
    QTimer m_ping;
    QTimer m_dead;
};

} // namespace pc
