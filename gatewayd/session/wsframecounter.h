#pragma once

#include <QByteArrayView>
#include <QtGlobal>

namespace gw {

// Counts WebSocket messages (text and binary; control frames are not messages) in one
// direction of a relayed byte stream, reading only frame headers (RFC 6455 5.2) and
// skipping payloads, so it costs next to nothing per byte. Hand-written: the relay
// passes frames through untouched, and Qt's WebSocket parser is not public (it only
// works inside a QWebSocket that would decode and re-encode every frame).
class WsFrameCounter {
public:
    // Returns how many messages ended within DATA.
    quint64 feed(QByteArrayView data);
    // Whether the bytes fed so far end exactly after a whole frame (a frame may be
    // inserted here without corrupting the stream).
    bool atFrameBoundary() const { return m_state == State::Header && m_have == 0; }
    // How many of the next bytes may be fed without passing the end of the current frame
    // (its payload, or one header byte at a time; 0 at a boundary).
    quint64 bytesToFrameEnd() const;

private:
    enum class State { Header, Payload };
    State m_state = State::Header;
    unsigned char m_header[14] = {};
    int m_have = 0;        // header bytes collected
    quint64 m_payload = 0; // payload bytes still to skip
};

} // namespace gw
