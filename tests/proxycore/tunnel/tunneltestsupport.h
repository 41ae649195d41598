#pragma once

#include "tunnel/memorytransport.h"
#include "tunnel/tunnelcodec.h"
#include "tunnel/tunnelsession.h"
#include "tunnel/tunnelstream.h"

#include <QByteArray>
#include <QPointer>
#include <functional>

namespace tunneltest {

// Runs the event loop until PRED holds or TIMEOUTMS pass; returns PRED().
bool waitUntil(const std::function<bool()> &pred, int timeoutMs = 10000);

// Options with short intervals so heartbeat and grace tests take milliseconds.
pc::TunnelOptions fastOptions();

// A deterministic byte pattern: byte i of a stream is pattern(i).
QByteArray pattern(quint64 offset, qsizetype size, quint8 seed = 0);

// A client and a server session connected by an in-memory transport pair, through
// the server's handshake (Hello/Welcome) like TunnelAcceptor does it.
struct SessionPair {
    explicit SessionPair(pc::TunnelOptions client = fastOptions(),
                         pc::TunnelOptions server = fastOptions());
    ~SessionPair();

    // Connects CLIENT to SERVER over a fresh transport pair (first time or resume).
    void connect();
    bool established() const;

    pc::TunnelSession *client;
    pc::TunnelSession *server;
    QPointer<pc::MemoryTransport> clientEnd;
    QPointer<pc::MemoryTransport> serverEnd;
    QList<QPointer<pc::TunnelStream>> serverStreams; // as the server received them
};

// Reads everything a stream delivers into a buffer (as a relay would).
struct Drain {
    explicit Drain(pc::TunnelStream *stream);
    QPointer<pc::TunnelStream> stream;
    QByteArray data;
    bool ended = false;
};

// Feeds raw envelopes to a session as if its peer sent them (malformed-peer tests).
QByteArray encode(const pmproxy::tunnel::Envelope &e);

} // namespace tunneltest
