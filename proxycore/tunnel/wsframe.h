#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QtGlobal>
#include <optional>

namespace pc::wsframe {

// RFC 6455 §5.2 framing, as the tunnel transport (WsTransport) uses it.
//
// Hand-written instead of Qt's QWebSocket: with Qt 6.4, `perf` put QWebSocket's
// byte-at-a-time masking/unmasking loop at 12-26 % of the CPU of each process on the
// masked (client to server) direction, and memmove at ~18 % (each envelope copied into
// Qt's frame, then into the QSslSocket); the agent path ran at ~0.47x the direct path
// (tests/bench/README.md, "What bounds the targets not met"). Here the mask is applied
// 8 bytes at a time while copying, and unmasked payloads go to the socket as they are.

enum Opcode : quint8 {
    Continuation = 0x0,
    Text = 0x1,
    Binary = 0x2,
    Close = 0x8,
    Ping = 0x9,
    Pong = 0xA,
};

// Close codes (RFC 6455 §7.4.1) the transport sends.
enum CloseCode : quint16 {
    CloseNormal = 1000,
    CloseGoingAway = 1001,
    CloseProtocolError = 1002,
    CloseUnsupportedData = 1003,
    CloseNoStatus = 1005, // received only: a Close frame without a code
    CloseTooBig = 1009,
};

constexpr int maxHeaderBytes = 14;
constexpr int maxControlPayload = 125;

// Writes the header of a final frame into OUT (room for maxHeaderBytes); returns its
// length. MASKKEY, when set, is written as the frame's masking key.
int writeHeader(char *out, Opcode opcode, quint64 payloadBytes, std::optional<quint32> maskKey);

// Copies SIZE bytes from SRC to DST (which may be the same) XORed with KEY, byte i
// taking key byte (OFFSET + i) % 4, key byte 0 being KEY's most significant (the one
// sent first). Works 8 bytes at a time.
void maskCopy(char *dst, const char *src, qsizetype size, quint32 key, quint64 offset);

// One whole final frame (header + payload), masked when MASKKEY is set.
QByteArray frame(Opcode opcode, QByteArrayView payload, std::optional<quint32> maskKey);

// A Close frame's payload: CODE (big-endian) and REASON (cut to fit a control frame).
QByteArray closePayload(quint16 code, QByteArrayView reason);

} // namespace pc::wsframe
