// Flow control and fairness: credit is never exceeded, a reader that stops reading
// stops the sender with bounded memory, and a bulk stream cannot starve another.
#include "tunneltestsupport.h"

#include <QCryptographicHash>
#include <catch2/catch.hpp>

using namespace tunneltest;
using pc::TunnelSession;
using pc::TunnelStream;

namespace {

pc::HttpRequestHead request() {
    pc::HttpRequestHead head;
    head.method = "PUT";
    head.target = "/virtual-media";
    return head;
}

// Writes SIZE pattern bytes into STREAM as a well-behaved relay does: only while its
// backlog is under the high-water mark, resuming on bytesWritten.
struct Pusher {
    Pusher(TunnelStream *s, quint64 size, qint64 highWater)
        : stream(s)
        , total(size)
        , high(highWater) {
        QObject::connect(s, &QIODevice::bytesWritten, s, [this] { push(); });
        push();
    }
    void push() {
        TunnelStream *s = stream;
        while (sent < total && s->bytesToWrite() < high) {
            const qsizetype n = qsizetype(qMin<quint64>(32 * 1024, total - sent));
            const qint64 w = s->write(pattern(sent, n));
            REQUIRE(w >= 0);
            sent += quint64(w);
            maxBacklog = qMax(maxBacklog, s->bytesToWrite());
            if (w < n)
                break;
        }
        if (sent == total && !finished) {
            finished = true;
            s->finish();
        }
    }
    TunnelStream *stream; // outlives the pusher in these tests
    quint64 total;
    qint64 high;
    quint64 sent = 0;
    qint64 maxBacklog = 0;
    bool finished = false;
};

} // namespace

TEST_CASE("flow: a reader that stops reading stops the sender, memory stays bounded") {
    pc::TunnelOptions server = fastOptions();
    server.limits.initialWindow = 256 * 1024;
    SessionPair pair(fastOptions(), server);
    REQUIRE(waitFor([&] { return pair.established(); }));
    TunnelStream *up = pair.client->openStream(pc::TunnelStreamKind::Http, request());
    Pusher pusher(up, 64 * 1024 * 1024, 512 * 1024);
    REQUIRE(waitFor([&] { return !pair.serverStreams.isEmpty(); }));
    TunnelStream *served = pair.serverStreams.first(); // never read (yet)

    // The sender stops at the window: nothing beyond it is sent or buffered there.
    REQUIRE(waitFor([&] { return served->receiveBuffered() == 256 * 1024; }));
    for (int i = 0; i < 20; ++i)
        QCoreApplication::processEvents();
    CHECK(up->bytesSent() == 256 * 1024);
    CHECK(up->sendLimit() == 256 * 1024);
    CHECK(served->receiveBuffered() == 256 * 1024);
    // The writer was paused by the backlog, and the stream refused nothing.
    CHECK(pusher.sent <= 256 * 1024 + 512 * 1024 + 32 * 1024);
    CHECK(pusher.maxBacklog < 512 * 1024 + 32 * 1024);

    // Reading grants credit again, and the whole transfer arrives intact.
    QCryptographicHash got(QCryptographicHash::Sha256);
    quint64 received = 0;
    quint64 maxBuffered = 0;
    auto drain = [&] {
        maxBuffered = qMax<quint64>(maxBuffered, quint64(served->receiveBuffered()));
        const QByteArray chunk = served->readAll();
        got.addData(chunk);
        received += quint64(chunk.size());
        CHECK(up->bytesSent() <= up->sendLimit()); // credit never exceeded
    };
    QObject::connect(served, &QIODevice::readyRead, served, drain);
    drain();
    REQUIRE(waitFor([&] { return served->atEnd() && received == pusher.total; }, 60000));
    QCryptographicHash want(QCryptographicHash::Sha256);
    want.addData(pattern(0, qsizetype(pusher.total)));
    CHECK(got.result() == want.result());
    CHECK(maxBuffered <= 256 * 1024);
}

TEST_CASE("flow: writes beyond the stream's write limit are refused, not buffered") {
    pc::TunnelOptions client = fastOptions();
    client.streamWriteLimit = 1024 * 1024;
    SessionPair pair(client);
    TunnelStream *up = pair.client->openStream(pc::TunnelStreamKind::Http, request());
    const QByteArray big(3 * 1024 * 1024, 'x');
    CHECK(up->write(big) == 1024 * 1024);
    CHECK(up->bytesToWrite() == 1024 * 1024);
    CHECK(up->write("more") == 0);
}

TEST_CASE("flow: a 200 MiB upload does not delay a small message on another stream") {
    pc::TunnelOptions options = fastOptions();
    SessionPair pair(options, options);
    REQUIRE(waitFor([&] { return pair.established(); }));
    TunnelStream *bulk = pair.client->openStream(pc::TunnelStreamKind::Http, request());
    TunnelStream *console = pair.client->openStream(pc::TunnelStreamKind::WebSocket, [] {
        pc::HttpRequestHead h;
        h.method = "GET";
        h.target = "/console";
        return h;
    }());
    REQUIRE(waitFor([&] { return pair.serverStreams.size() == 2; }));
    TunnelStream *bulkIn = pair.serverStreams[0];
    TunnelStream *consoleIn = pair.serverStreams[1];

    // Every envelope the server receives is counted; the bulk reader keeps up.
    quint64 envelopes = 0;
    QObject::connect(pair.serverEnd, &pc::MessageTransport::messageReceived, pair.serverEnd,
                     [&] { ++envelopes; });
    quint64 arrivedAt = 0; // the envelope count when the console's data arrived
    QObject::connect(consoleIn, &QIODevice::readyRead, consoleIn, [&] { arrivedAt = envelopes; });
    QCryptographicHash bulkHash(QCryptographicHash::Sha256);
    quint64 bulkReceived = 0;
    QObject::connect(bulkIn, &QIODevice::readyRead, bulkIn, [&] {
        const QByteArray chunk = bulkIn->readAll();
        bulkHash.addData(chunk);
        bulkReceived += quint64(chunk.size());
    });

    const quint64 total = 200ull * 1024 * 1024;
    Pusher pusher(bulk, total, 1024 * 1024);
    // Let the bulk transfer reach full speed (windows open, queues full).
    REQUIRE(waitFor([&] { return bulkReceived > 32ull * 1024 * 1024; }, 60000));

    int maxAhead = 0;
    for (int round = 0; round < 5; ++round) {
        const quint64 before = envelopes;
        const QByteArray keystroke = "key-" + QByteArray::number(round);
        console->write(keystroke);
        REQUIRE(waitFor([&] { return consoleIn->bytesAvailable() > 0; }, 10000));
        CHECK(consoleIn->readAll() == keystroke);
        const int ahead = int(arrivedAt - before - 1);
        maxAhead = qMax(maxAhead, ahead);
        const quint64 mark = bulkReceived;
        REQUIRE(waitFor([&] { return bulkReceived > mark + 4 * 1024 * 1024; }, 60000));
    }
    INFO("envelopes delivered ahead of a keystroke, at most: " << maxAhead);
    // At most the transport backlog (256 KiB = 4 pieces of 64 KiB), one round-robin
    // turn and a few small control envelopes; with 200 MiB queued behind.
    CHECK(maxAhead <= 8);

    REQUIRE(waitFor([&] { return bulkReceived == total; }, 120000));
    QCryptographicHash want(QCryptographicHash::Sha256);
    for (quint64 off = 0; off < total; off += 4 * 1024 * 1024)
        want.addData(pattern(off, 4 * 1024 * 1024));
    CHECK(bulkHash.result() == want.result());
    CHECK(pair.client->unackedBytes() <= options.maxUnackedBytes + options.dataChunkBytes);
}

TEST_CASE("flow: a console's small message goes before the queued pieces of every bulk stream") {
    pc::TunnelOptions options = fastOptions();
    SessionPair pair(options, options);
    REQUIRE(waitFor([&] { return pair.established(); }));
    // Three uploads, then the console (the highest id: last in the round robin).
    QList<TunnelStream *> bulk;
    for (int i = 0; i < 3; ++i)
        bulk.append(pair.client->openStream(pc::TunnelStreamKind::Http, request()));
    TunnelStream *console = pair.client->openStream(pc::TunnelStreamKind::WebSocket, [] {
        pc::HttpRequestHead h;
        h.method = "GET";
        h.target = "/console";
        return h;
    }());
    REQUIRE(waitFor([&] { return pair.serverStreams.size() == 4; }));
    QList<TunnelStream *> bulkIn;
    for (int i = 0; i < 3; ++i)
        bulkIn.append(pair.serverStreams[i]);
    TunnelStream *consoleIn = pair.serverStreams[3];

    // The link stalls with the uploads' data queued: the transport's backlog fills up to
    // its high-water mark, the rest waits in the streams.
    pair.clientEnd->setPaused(true);
    for (TunnelStream *s : bulk)
        REQUIRE(s->write(pattern(0, 1024 * 1024)) == 1024 * 1024);
    // The session stops handing pieces over once the stalled transport holds its
    // high-water mark.
    REQUIRE(waitFor([&] { return pair.clientEnd->bytesToWrite() >= options.transportHighWater; }));
    quint64 handedOver = 0; // bulk bytes already in the transport: these go first
    for (TunnelStream *s : bulk)
        handedOver += s->bytesSent();
    REQUIRE(handedOver > 0);
    REQUIRE(handedOver < 3 * 1024 * 1024);
    REQUIRE(console->write("key") == 3);

    quint64 bulkArrivedFirst = 0;
    QObject::connect(consoleIn, &QIODevice::readyRead, consoleIn, [&] {
        bulkArrivedFirst = 0;
        for (TunnelStream *s : bulkIn)
            bulkArrivedFirst += s->bytesReceived();
    });
    pair.clientEnd->setPaused(false);
    REQUIRE(waitFor([&] { return consoleIn->bytesAvailable() == 3; }));
    // Nothing of the uploads that was still waiting in their streams went before it
    // (round robin alone would have sent two more 64 KiB pieces first).
    CHECK(bulkArrivedFirst == handedOver);
    CHECK(consoleIn->readAll() == "key");
}
