#pragma once

#include <QObject>
#include <QPointer>

class QSslSocket;

namespace pc {
class TunnelStream;
}

namespace gw {

struct TrafficCounters;

// After a 101 on a tunnel stream: relays raw bytes between the stream and the BMC's
// socket (WebSocket frames untouched, so subprotocols, ping/pong and close codes travel
// end to end), each direction reading only while the other side's backlog is small.
// Emits closed() once, when either side ends; then both are ended.
class StreamRelay : public QObject {
    Q_OBJECT
public:
    // COUNTERS get the relayed bytes (up: toward the BMC).
    StreamRelay(pc::TunnelStream *stream, QSslSocket *upstream, TrafficCounters *counters,
                QObject *parent = nullptr);
    void start(const QByteArray &upstreamLeftover);

Q_SIGNALS:
    void closed();

private:
    // DRAIN: everything available, whatever the other side's backlog (at the end).
    void pumpUp(bool drain = false);
    void pumpDown(bool drain = false);
    void shutdown();

    QPointer<pc::TunnelStream> m_stream;
    QPointer<QSslSocket> m_upstream;
    TrafficCounters *m_counters;
    bool m_closed = false;
};

} // namespace gw
