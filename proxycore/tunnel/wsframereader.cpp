#include "tunnel/wsframereader.h"

#include <cstring>
#include <utility>

using namespace Qt::StringLiterals;

namespace pc {

using namespace wsframe;

WsFrameReader::WsFrameReader(Role role, qint64 maxMessageBytes)
    : m_role(role)
    , m_maxMessageBytes(maxMessageBytes) {}

int WsFrameReader::headerMissing() const {
    if (m_headerBytes < 2)
        return 2 - m_headerBytes;
    const int lengthCode = m_header[1] & 0x7F;
    int need = 2 + (lengthCode == 126 ? 2 : lengthCode == 127 ? 8 : 0);
    if (m_header[1] & 0x80)
        need += 4;
    return need - m_headerBytes;
}

std::optional<WsFrameReader::Failure> WsFrameReader::refuse(quint16 code, QString reason) {
    m_failure = Failure{code, std::move(reason)};
    m_message = {};
    m_control = {};
    return m_failure;
}

std::optional<WsFrameReader::Failure> WsFrameReader::feed(QByteArrayView data,
                                                          QList<Event> &events) {
    qsizetype pos = 0;
    while (!m_failure && !m_closed) {
        if (!m_inPayload) {
            // Header bytes one slice at a time; its length is known once the first two
            // bytes are in.
            int missing = headerMissing();
            while (missing > 0 && pos < data.size()) {
                const int take = int(qMin<qsizetype>(missing, data.size() - pos));
                std::memcpy(m_header + m_headerBytes, data.data() + pos, size_t(take));
                m_headerBytes += take;
                pos += take;
                missing = headerMissing();
            }
            if (missing > 0)
                break;
            if (auto failure = startFrame())
                return failure;
            m_inPayload = true;
        }
        const quint64 left = m_payloadBytes - m_payloadRead;
        const qsizetype take = qsizetype(qMin<quint64>(left, quint64(data.size() - pos)));
        if (take > 0) {
            QByteArray &target = m_opcode >= Close ? m_control : m_message;
            char *dst = target.data() + (target.size() - qsizetype(left));
            if (m_maskKey)
                maskCopy(dst, data.data() + pos, take, *m_maskKey, m_payloadRead);
            else
                std::memcpy(dst, data.data() + pos, size_t(take));
            pos += take;
            m_payloadRead += quint64(take);
        }
        if (m_payloadRead < m_payloadBytes)
            break;
        endFrame(events);
    }
    return m_failure;
}

std::optional<WsFrameReader::Failure> WsFrameReader::startFrame() {
    const uchar b0 = m_header[0];
    const uchar b1 = m_header[1];
    m_fin = b0 & 0x80;
    m_opcode = b0 & 0x0F;
    if (b0 & 0x70)
        return refuse(CloseProtocolError, u"reserved bits set"_s);
    const bool masked = b1 & 0x80;
    if (masked != (m_role == Role::Server))
        return refuse(CloseProtocolError, masked ? u"a masked frame from the server"_s
                                                 : u"an unmasked frame from the client"_s);
    int n = 2;
    quint64 length = b1 & 0x7F;
    if (length == 126) {
        length = (quint64(m_header[2]) << 8) | m_header[3];
        n = 4;
    } else if (length == 127) {
        length = 0;
        for (int i = 0; i < 8; ++i)
            length = (length << 8) | m_header[2 + i];
        n = 10;
        if (length >> 63)
            return refuse(CloseProtocolError, u"a frame length with its top bit set"_s);
    }
    m_maskKey.reset();
    if (masked)
        m_maskKey = (quint32(m_header[n]) << 24) | (quint32(m_header[n + 1]) << 16) |
                    (quint32(m_header[n + 2]) << 8) | quint32(m_header[n + 3]);
    m_payloadBytes = length;
    m_payloadRead = 0;
    switch (m_opcode) {
    case Text:
        return refuse(CloseUnsupportedData, u"a text message"_s);
    case Binary:
    case Continuation:
        if ((m_opcode == Continuation) != m_messageOpen)
            return refuse(CloseProtocolError, m_messageOpen
                                                  ? u"a new message inside a fragmented one"_s
                                                  : u"a continuation frame without a message"_s);
        if (length > quint64(m_maxMessageBytes - m_message.size()))
            return refuse(CloseTooBig, u"a message larger than %1 bytes"_s.arg(m_maxMessageBytes));
        m_message.resize(m_message.size() + qsizetype(length));
        m_messageOpen = true;
        return std::nullopt;
    case Close:
    case Ping:
    case Pong:
        if (!m_fin || length > quint64(maxControlPayload))
            return refuse(CloseProtocolError, u"a fragmented or oversized control frame"_s);
        m_control.resize(qsizetype(length));
        return std::nullopt;
    default:
        return refuse(CloseProtocolError, u"opcode %1 is not defined"_s.arg(int(m_opcode)));
    }
}

void WsFrameReader::endFrame(QList<Event> &events) {
    m_inPayload = false;
    m_headerBytes = 0;
    switch (m_opcode) {
    case Binary:
    case Continuation:
        if (m_fin) {
            events.append({Event::Kind::Message, std::exchange(m_message, {}), 0});
            m_messageOpen = false;
        }
        return;
    case Ping:
        events.append({Event::Kind::Ping, std::exchange(m_control, {}), 0});
        return;
    case Pong:
        events.append({Event::Kind::Pong, std::exchange(m_control, {}), 0});
        return;
    case Close: {
        const QByteArray payload = std::exchange(m_control, {});
        if (payload.size() == 1) {
            refuse(CloseProtocolError, u"a Close frame with a 1-byte payload"_s);
            return;
        }
        quint16 code = CloseNoStatus;
        if (payload.size() >= 2) {
            code = quint16((uchar(payload[0]) << 8) | uchar(payload[1]));
            // RFC 6455 §7.4: codes below 1000, and 1004-1006, 1015 never go on the wire.
            if (code < 1000 || code == 1004 || code == 1005 || code == 1006 || code == 1015 ||
                (code > 1015 && code < 3000) || code >= 5000) {
                refuse(CloseProtocolError, u"close code %1 is not allowed"_s.arg(code));
                return;
            }
        }
        m_closed = true;
        events.append({Event::Kind::Close, payload.mid(2), code});
        return;
    }
    default:
        return;
    }
}

} // namespace pc
