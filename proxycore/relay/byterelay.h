#pragma once

#include "relay/byterelayobserver.h"

#include <QByteArray>
#include <QObject>
#include <QPointer>

class QIODevice;

namespace pc {

// Relays raw bytes both ways between two ends after a protocol upgrade (a WebSocket's
// frames pass untouched, so subprotocols, ping/pong and close codes travel end to end):
// gatewayd's browser connections and tunnel streams to the BMC, the app's loopback
// connections to their tunnel stream. An end is a socket (QAbstractSocket, QSslSocket)
// or a TunnelStream. Each direction reads only while the other end's write backlog
// (writeBacklog()) is under kHighWater and resumes when that end has written some, so
// the relay queues at most about kHighWater + kPiece bytes per direction, whatever the
// peers' speeds. When either end ends (a socket disconnects, a stream's peer finishes or
// fails), what was read from both ends is delivered, then both ends are ended (a socket
// disconnects after its queued bytes, a stream is finished) and closed() is emitted
// once. The relay does not own its ends.
class ByteRelay : public QObject {
    Q_OBJECT
public:
    static constexpr qint64 kHighWater = 256 * 1024;
    static constexpr qint64 kPiece = 64 * 1024;

    ByteRelay(QIODevice *client, QIODevice *upstream, QObject *parent = nullptr);
    // OBSERVER (which must outlive the relay) sees every piece relayed.
    void setObserver(ByteRelayObserver *observer) { m_observer = observer; }
    // Starts relaying. TOCLIENT and TOUPSTREAM are bytes read from the other end before
    // the relay began (past the upgrade's head): they go first.
    void start(const QByteArray &toClient = {}, const QByteArray &toUpstream = {});
    // Ends the relay as if an end had ended.
    void end();
    // Ends the relay from the owner's side, at a boundary of what goes toward the client
    // (ByteRelayObserver::bytesToBoundary()): nothing more is read from the client (what
    // it sends is dropped), the upstream's bytes are relayed up to the boundary (for at
    // most GRACEMS), then the upstream end is aborted, the client gets LASTWORDS (if the
    // boundary was reached) and is ended. closed() follows.
    void endAtBoundary(const QByteArray &lastWords, int graceMs);

    quint64 bytesUp() const { return m_bytesUp; }
    quint64 bytesDown() const { return m_bytesDown; }

Q_SIGNALS:
    void closed();

private:
    // DRAIN: everything available, whatever the other end's backlog (at the end).
    void pump(RelayDirection direction, bool drain = false);
    void pumpToBoundary();
    void send(RelayDirection direction, const QByteArray &data);
    void cut();
    quint64 bytesToBoundary() const;

    QPointer<QIODevice> m_client;
    QPointer<QIODevice> m_upstream;
    ByteRelayObserver *m_observer = nullptr;
    quint64 m_bytesUp = 0;
    quint64 m_bytesDown = 0;
    bool m_started = false;
    bool m_ending = false; // endAtBoundary(): waiting for the boundary
    bool m_closed = false;
    QByteArray m_lastWords;
};

} // namespace pc
