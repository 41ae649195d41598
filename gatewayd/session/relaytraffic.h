#pragma once

#include "relay/byterelayobserver.h"
#include "session/wsframecounter.h"

#include <QByteArray>

namespace gw {

struct TrafficCounters;

// Counts what a pc::ByteRelay carries into a session's TrafficCounters (which must
// outlive it) and follows the WebSocket framing toward the client, so that the gateway
// can end a relayed console between two frames with closeFrame() (ByteRelay::endAtBoundary()).
class RelayTraffic : public pc::ByteRelayObserver {
public:
    enum class Path {
        // A browser's connection: bytes up and WebSocket messages both ways (the bytes
        // toward the browser are counted by whoever watches its socket's bytesWritten()).
        Browser,
        // A tunnel stream: bytes both ways (no socket of ours writes them) and WebSocket
        // messages both ways, as in browser mode.
        Tunnel,
    };
    RelayTraffic(TrafficCounters *counters, Path path);

    void relayed(pc::RelayDirection direction, QByteArrayView data) override;
    quint64 bytesToBoundary() const override { return m_down.bytesToFrameEnd(); }

    // A Close frame from the server (RFC 6455 5.5.1: unmasked, payload at most 125 bytes)
    // with CODE and REASON (cut to 123 bytes).
    static QByteArray closeFrame(quint16 code, const QByteArray &reason);

private:
    TrafficCounters *m_counters;
    Path m_path;
    WsFrameCounter m_up;
    WsFrameCounter m_down;
};

} // namespace gw
