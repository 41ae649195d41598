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

private:
    enum class State { Header, Payload };
    State m_state = State::Header;
    unsigned char m_header[14] = {};
    int m_have = 0;        // header bytes collected
    quint64 m_payload = 0; // payload bytes still to skip
};

} // namespace gw
