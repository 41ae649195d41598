#pragma once

#include "tunnel/wsframe.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QList>
#include <QString>
#include <optional>

namespace pc {

// Incremental RFC 6455 frame reader for one direction of a tunnel's WebSocket (see
// wsframe.h for why it is hand-written). Feed it the bytes as they arrive, in slices
// of any size; it reassembles fragmented binary messages (each at most
// MAXMESSAGEBYTES) and reports control frames. It refuses, with the close code to
// send: a frame the peer must not mask or must mask (a server's reader wants masked
// frames, a client's unmasked ones), RSV bits, unknown opcodes, bad fragmentation or
// control frames (1002), text messages (1003) and messages larger than the bound (1009).
// After a refusal or a Close it ignores everything.
class WsFrameReader {
public:
    enum class Role { Server, Client }; // the side this reader runs on

    struct Event {
        enum class Kind { Message, Ping, Pong, Close };
        Kind kind;
        QByteArray payload;  // the message, the ping/pong data, the close reason
        quint16 closeCode{}; // Close only (CloseNoStatus when the frame had none)
    };
    struct Failure {
        quint16 closeCode;
        QString reason; // for logs and the Close frame
    };

    WsFrameReader(Role role, qint64 maxMessageBytes);

    // Consumes all of DATA, appending what it completed to EVENTS. Returns the
    // violation that stopped it, if any (the same one on every later call).
    std::optional<Failure> feed(QByteArrayView data, QList<Event> &events);

    bool isDone() const { return m_failure.has_value() || m_closed; }

private:
    // Bytes of the current header still missing (0: complete).
    int headerMissing() const;
    std::optional<Failure> startFrame();
    void endFrame(QList<Event> &events);
    std::optional<Failure> refuse(quint16 code, QString reason);

    Role m_role;
    qint64 m_maxMessageBytes;
    uchar m_header[wsframe::maxHeaderBytes];
    int m_headerBytes = 0;
    bool m_inPayload = false;
    // The current frame.
    quint8 m_opcode = 0;
    bool m_fin = false;
    std::optional<quint32> m_maskKey;
    quint64 m_payloadBytes = 0;
    quint64 m_payloadRead = 0;
    // Where the payload goes: the message being assembled, or a control frame's.
    QByteArray m_message;
    bool m_messageOpen = false; // a fragmented message awaits continuations
    QByteArray m_control;
    bool m_closed = false;
    std::optional<Failure> m_failure;
};

} // namespace pc
