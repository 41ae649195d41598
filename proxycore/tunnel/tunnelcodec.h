#pragma once

#include "tunnel/tunnel.pb.h"
#include "tunnel/tunneloptions.h"
#include "util/expected.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QString>

namespace pc {

// Why bytes from the peer are no acceptable envelope.
struct TunnelDecodeError {
    enum class Kind {
        TooLarge,      // over Limits.max_envelope_bytes
        NotAnEnvelope, // not protobuf, or not an Envelope
        UnknownBody,   // no body, or one this version does not know
        BadSequence,   // seq missing on a reliable envelope or set on another
        BadStreamId,   // 0 where a stream is needed
        BadValue,      // a field out of range or of the wrong shape
        BadHead,       // a method, target, header name or value HTTP/1.1 cannot carry
        HeadTooLarge,  // too many header fields or bytes
    };
    Kind kind;
    QString message;
};

// Turns wire bytes into a checked Envelope and back. Every field is validated against
// LIMITS here, once, so the session only ever sees envelopes whose heads can be
// serialized as HTTP/1.1 without injection and whose sizes are bounded. Stateful
// rules (sequence order, stream id order, windows) are TunnelSession's.
class TunnelCodec {
public:
    explicit TunnelCodec(TunnelLimits limits = {});

    pc::Expected<pmproxy::tunnel::Envelope, TunnelDecodeError> decode(QByteArrayView bytes) const;
    static QByteArray encode(const pmproxy::tunnel::Envelope &envelope);

    // Reliable envelopes take part in seq numbering and replay.
    static bool isReliable(const pmproxy::tunnel::Envelope &envelope);

    static TunnelLimits limitsFrom(const pmproxy::tunnel::Limits &limits);
    static pmproxy::tunnel::Limits limitsMessage(const TunnelLimits &limits);

    const TunnelLimits &limits() const { return m_limits; }
    void setLimits(const TunnelLimits &limits) { m_limits = limits; }

private:
    TunnelLimits m_limits;
};

} // namespace pc
