#pragma once

#include <QString>
#include <QtGlobal>

namespace pc {

// What one side of a tunnel accepts from its peer; sent in Hello/Welcome (Limits).
struct TunnelLimits {
    // One envelope; a Data payload is at most this minus a small overhead.
    quint32 maxEnvelopeBytes = 1024 * 1024 + 16 * 1024;
    // Streams the peer may have open toward us at once; an Open beyond it is refused.
    quint32 maxStreams = 128;
    // Bytes the peer may send on a new stream before our first WindowUpdate. Sized
    // for bandwidth x round trip (8 MiB: 400 Mbit/s at 160 ms), not 64 KiB.
    quint32 initialWindow = 8 * 1024 * 1024;
    quint32 maxHeaderCount = 128;
    quint32 maxHeaderBytes = 64 * 1024; // names + values of one head
};

// Smallest and largest values a peer may announce (anything else refuses the handshake).
struct TunnelLimitBounds {
    static constexpr quint32 minEnvelopeBytes = 64 * 1024;
    static constexpr quint32 minWindow = 64 * 1024;
    static constexpr quint32 maxWindow = 1024u * 1024u * 1024u;
    static constexpr quint32 maxTokenBytes = 64;
    static constexpr int maxTargetBytes = 16 * 1024;
    static constexpr int maxReasonBytes = 1024;
    static constexpr int maxTextBytes = 1024; // session id, software, error messages
};

// How a TunnelSession behaves; every interval is injectable so tests run fast.
struct TunnelOptions {
    TunnelLimits limits;
    // Data is cut into envelopes of at most this many payload bytes, one stream's
    // piece at a time (round robin): small pieces keep a bulk stream from delaying
    // another stream by more than a piece or two.
    qint64 dataChunkBytes = 64 * 1024;
    // Envelopes are handed to the transport only while its unsent backlog is below
    // this, so the scheduler (not a socket buffer) decides what goes next.
    qint64 transportHighWater = 256 * 1024;
    // A stream whose whole queue is at most this many bytes (a keystroke, a console
    // frame, a small request) is served before the streams with more queued, so it
    // does not wait a round-robin turn behind each bulk stream's piece.
    qint64 interactiveBytes = 16 * 1024;
    // A stream's writer should pause once bytesToWrite() reaches this (relays check
    // it like a socket's backlog); writes beyond streamWriteLimit are refused.
    qint64 streamWriteHighWater = 256 * 1024;
    qint64 streamWriteLimit = 4 * 1024 * 1024;
    // Reliable envelopes sent but not acknowledged are kept for a resume; no new Data
    // is sent while they exceed this (it bounds the replay memory).
    qint64 maxUnackedBytes = 32 * 1024 * 1024;
    // Received reliable bytes are acknowledged after this many bytes or this delay.
    qint64 ackEveryBytes = 256 * 1024;
    int ackDelayMs = 50;
    // Heartbeat: a Ping every pingIntervalMs; the peer is dead (the transport is
    // dropped, streams wait for a resume) after deadAfterMs without any message.
    int pingIntervalMs = 5000;
    int deadAfterMs = 15000;
    // Server: how long a detached session waits for its client to resume it
    // (TunnelSessionHolder); announced in Welcome.
    int graceMs = 30000;
    QString software;
};

} // namespace pc
