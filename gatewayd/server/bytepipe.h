#pragma once

#include "session/trafficcounters.h"
#include "session/wsframecounter.h"

#include <QObject>
#include <QPointer>

class QAbstractSocket;

namespace gw {

// Relays bytes both ways between two connected sockets after a protocol upgrade
// (WebSocket frames pass untouched, so subprotocols, ping/pong and close codes travel
// end to end). Each direction reads only while the other side's write backlog is small.
// Emits closed() once, when either side ends; both sockets are then closed.
class BytePipe : public QObject {
    Q_OBJECT
public:
    BytePipe(QAbstractSocket *client, QAbstractSocket *upstream, QObject *parent = nullptr);
    void start(const QByteArray &upstreamLeftover);
    // Also adds the bytes read from the client (bytesUp) and the WebSocket messages
    // relayed each way to COUNTERS (which must outlive the pipe). Bytes toward the client
    // are counted by whoever watches the client socket's bytesWritten().
    void countInto(TrafficCounters *counters) { m_counters = counters; }

    quint64 bytesUp() const { return m_bytesUp; }
    quint64 bytesDown() const { return m_bytesDown; }

    // Ends a relayed WebSocket from the gateway's side: nothing more is read from the
    // client, the BMC's bytes are relayed up to the end of the frame in flight (for at
    // most GRACEMS), then the client gets a Close frame with CODE and REASON (at most 123
    // bytes of UTF-8) and both connections end. closed() follows.
    void endWebSocket(quint16 code, const QByteArray &reason, int graceMs = 2000);

Q_SIGNALS:
    void closed();

private:
    // DRAIN: everything available, whatever the other side's backlog (at the end).
    void pump(QAbstractSocket *from, QAbstractSocket *to, quint64 &counter, bool drain = false);
    void shutdown();
    void finishEnding();

    QPointer<QAbstractSocket> m_client;
    QPointer<QAbstractSocket> m_upstream;
    TrafficCounters *m_counters = nullptr;
    WsFrameCounter m_wsUp;
    WsFrameCounter m_wsDown;
    quint64 m_bytesUp = 0;
    quint64 m_bytesDown = 0;
    bool m_closed = false;
    bool m_ending = false; // endWebSocket(): waiting for the frame in flight to end
    QByteArray m_closeFrame;
};

} // namespace gw
