#include "tunneltestsupport.h"

namespace tunneltest {

pc::TunnelOptions fastOptions() {
    pc::TunnelOptions o;
    o.pingIntervalMs = 50;
    o.deadAfterMs = 400;
    o.graceMs = 1500;
    o.ackDelayMs = 5;
    return o;
}

QByteArray pattern(quint64 offset, qsizetype size, quint8 seed) {
    QByteArray out(size, Qt::Uninitialized);
    for (qsizetype i = 0; i < size; ++i) {
        const quint64 n = offset + quint64(i);
        out[i] = char(quint8((n * 131u + (n >> 8) * 7u + seed) & 0xff));
    }
    return out;
}

SessionPair::SessionPair(pc::TunnelOptions clientOptions, pc::TunnelOptions serverOptions)
    : client(new pc::TunnelSession(pc::TunnelSession::Role::Client, clientOptions))
    , server(new pc::TunnelSession(pc::TunnelSession::Role::Server, serverOptions)) {
    QObject::connect(server, &pc::TunnelSession::newStream, server,
                     [this](pc::TunnelStream *s) { serverStreams.append(s); });
    connect();
}

SessionPair::~SessionPair() {
    delete client;
    delete server;
}

void SessionPair::connect() {
    auto [a, b] = pc::MemoryTransport::createPair();
    clientEnd = a;
    serverEnd = b;
    // The server's first message is the client's Hello: decode it like the acceptor.
    auto *pending = new QObject(b);
    QObject::connect(b, &pc::MessageTransport::messageReceived, pending,
                     [this, b, pending](const QByteArray &bytes) {
                         delete pending;
                         auto decoded = pc::TunnelCodec().decode(bytes);
                         if (decoded && decoded->has_hello())
                             server->acceptTransport(b, decoded->hello());
                     });
    client->connectTransport(a);
}

bool SessionPair::established() const {
    return client->state() == pc::TunnelSession::State::Attached &&
           server->state() == pc::TunnelSession::State::Attached;
}

Drain::Drain(pc::TunnelStream *s)
    : stream(s) {
    auto read = [this] {
        if (stream)
            data += stream->readAll();
    };
    QObject::connect(s, &QIODevice::readyRead, s, read);
    QObject::connect(s, &QIODevice::readChannelFinished, s, [this, read] {
        read();
        ended = true;
    });
    read();
    ended = s->isRemoteFinished();
}

QByteArray encode(const pmproxy::tunnel::Envelope &e) {
    return pc::TunnelCodec::encode(e);
}

} // namespace tunneltest
