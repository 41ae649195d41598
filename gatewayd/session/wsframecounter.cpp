#include "session/wsframecounter.h"

namespace gw {

namespace {

// Header length implied by the first two bytes (without the extended length: 2).
int headerLength(const unsigned char *h) {
    const int len7 = h[1] & 0x7f;
    const int extended = len7 == 126 ? 2 : len7 == 127 ? 8 : 0;
    const int mask = (h[1] & 0x80) ? 4 : 0;
    return 2 + extended + mask;
}

quint64 payloadLength(const unsigned char *h) {
    const int len7 = h[1] & 0x7f;
    if (len7 < 126)
        return quint64(len7);
    const int bytes = len7 == 126 ? 2 : 8;
    quint64 n = 0;
    for (int i = 0; i < bytes; ++i)
        n = (n << 8) | h[2 + i];
    return n;
}

} // namespace

quint64 WsFrameCounter::bytesToFrameEnd() const {
    if (m_state == State::Payload)
        return m_payload;
    return m_have == 0 ? 0 : 1;
}

quint64 WsFrameCounter::feed(QByteArrayView data) {
    quint64 messages = 0;
    qsizetype i = 0;
    while (i < data.size()) {
        if (m_state == State::Payload) {
            const quint64 skip = std::min<quint64>(m_payload, quint64(data.size() - i));
            m_payload -= skip;
            i += qsizetype(skip);
            if (m_payload == 0)
                m_state = State::Header;
            continue;
        }
        m_header[m_have++] = static_cast<unsigned char>(data[i++]);
        if (m_have < 2 || m_have < headerLength(m_header))
            continue;
        const bool fin = m_header[0] & 0x80;
        const int opcode = m_header[0] & 0x0f;
        if (fin && opcode < 0x8) // continuation, text or binary: a data message ends
            ++messages;
        m_payload = payloadLength(m_header);
        m_have = 0;
        m_state = m_payload > 0 ? State::Payload : State::Header;
    }
    return messages;
}

} // namespace gw
