#pragma once

#include "tunnel/memorytransport.h"
#include "tunnel/tunnelcodec.h"
#include "tunnel/tunnelsession.h"
#include "tunnel/tunnelstream.h"
#include "waitfor.h"

#include <QByteArray>
#include <QCoreApplication>
#include <QPointer>

namespace tunneltest {

using testsupport::waitFor;

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
    pc::MemoryTransport *clientEnd = nullptr; // owned by the sessions
    pc::MemoryTransport *serverEnd = nullptr;
    QList<QPointer<pc::TunnelStream>> serverStreams; // as the server received them
};

// Reads everything a stream delivers into a buffer (as a relay would).
struct Drain {
    // Reads what is already there too (data and an end that came with the Open).
    explicit Drain(pc::TunnelStream *stream);
    QPointer<pc::TunnelStream> stream;
    QByteArray data;
    bool ended = false;
};

// Counts a signal's emissions (and keeps the last TunnelError, for signals with one).
struct SignalCounter {
    template <typename Obj, typename Signal> SignalCounter(Obj *object, Signal signal) {
        QObject::connect(object, signal, object, [this](auto &&...args) {
            ++count;
            (remember(args), ...);
        });
    }
    int count = 0;
    pc::TunnelError lastError;

private:
    void remember(const pc::TunnelError &e) { lastError = e; }
    template <typename T> void remember(const T &) {}
};

// Feeds raw envelopes to a session as if its peer sent them (malformed-peer tests).
QByteArray encode(const pmproxy::tunnel::Envelope &e);

} // namespace tunneltest
