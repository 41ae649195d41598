#pragma once

#include <QByteArrayView>
#include <QtGlobal>

namespace pc {

// Which way bytes go through a ByteRelay: Up from its client end to its upstream end,
// Down from the upstream end to the client end.
enum class RelayDirection { Up, Down };

// Watches what a ByteRelay carries, for whoever owns it (counting bytes or messages,
// or following a framing so that the relay can end between two frames).
class ByteRelayObserver {
public:
    virtual ~ByteRelayObserver() = default;
    // DATA was read from one end and is about to be written to the other (the leftover
    // given to ByteRelay::start() included).
    virtual void relayed(RelayDirection direction, QByteArrayView data) = 0;
    // While ByteRelay::endAtBoundary() runs: how many more bytes toward the client may
    // pass before the stream is at a point where it may be cut (0: it is there now).
    virtual quint64 bytesToBoundary() const { return 0; }
};

} // namespace pc
