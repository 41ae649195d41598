// The tunnel's hand-written RFC 6455 framing (proxycore/tunnel/wsframe.h): frames
// written by wsframe read back by WsFrameReader whatever the slicing, and every
// malformed frame refused with the close code the RFC asks for.
#include "tunnel/wsframe.h"
#include "tunnel/wsframereader.h"
#include "tunneltestsupport.h"

#include <catch2/catch.hpp>

using namespace pc;
using namespace pc::wsframe;
using Kind = WsFrameReader::Event::Kind;

namespace {

constexpr qint64 kMax = 2 * 1024 * 1024;

// A frame like wsframe::frame() but with FIN cleared or extra bits in the first byte.
QByteArray rawFrame(quint8 firstByte, QByteArrayView payload, std::optional<quint32> key) {
    QByteArray f = frame(Binary, payload, key);
    f[0] = char(firstByte);
    return f;
}

QList<WsFrameReader::Event> readAll(WsFrameReader &reader, QByteArrayView bytes,
                                    qsizetype slice = 0) {
    QList<WsFrameReader::Event> events;
    if (slice <= 0)
        slice = bytes.size();
    for (qsizetype i = 0; i < bytes.size(); i += slice)
        REQUIRE_FALSE(
            reader.feed(bytes.sliced(i, qMin(slice, bytes.size() - i)), events).has_value());
    return events;
}

quint16 refusal(WsFrameReader::Role role, QByteArrayView bytes, qint64 max = kMax) {
    WsFrameReader reader(role, max);
    QList<WsFrameReader::Event> events;
    const auto failure = reader.feed(bytes, events);
    REQUIRE(failure.has_value());
    CHECK(reader.isDone());
    // Later input is ignored, the refusal stays.
    const auto again = reader.feed(frame(Binary, "x", 1), events);
    REQUIRE(again.has_value());
    CHECK(again->closeCode == failure->closeCode);
    return failure->closeCode;
}

} // namespace

TEST_CASE("wsframe: messages of every length class read back, masked and not") {
    const quint32 key = 0xA1B2C3D4;
    for (qsizetype size : {0, 1, 7, 125, 126, 65535, 65536, 1024 * 1024}) {
        const QByteArray payload = tunneltest::pattern(0, size, 3);
        WsFrameReader server(WsFrameReader::Role::Server, kMax);
        const QByteArray masked = frame(Binary, payload, key);
        CHECK(masked.size() > payload.size());
        auto events = readAll(server, masked);
        REQUIRE(events.size() == 1);
        CHECK(events[0].kind == Kind::Message);
        CHECK(events[0].payload == payload);

        WsFrameReader client(WsFrameReader::Role::Client, kMax);
        events = readAll(client, frame(Binary, payload, std::nullopt));
        REQUIRE(events.size() == 1);
        CHECK(events[0].payload == payload);
    }
}

TEST_CASE("wsframe: masking is the RFC's byte-wise XOR whatever the offset") {
    const QByteArray data = tunneltest::pattern(0, 100, 9);
    const quint32 key = 0x01020304;
    for (quint64 offset = 0; offset < 5; ++offset) {
        QByteArray out(data.size(), Qt::Uninitialized);
        maskCopy(out.data(), data.constData(), data.size(), key, offset);
        for (qsizetype i = 0; i < data.size(); ++i) {
            const uchar k = uchar(key >> (24 - 8 * ((offset + quint64(i)) % 4)));
            REQUIRE(uchar(out[i]) == uchar(uchar(data[i]) ^ k));
        }
    }
}

TEST_CASE("wsframe: frames sliced byte by byte, fragments, pings and a close") {
    QByteArray stream;
    const QByteArray a = tunneltest::pattern(0, 300, 1);
    const QByteArray b = tunneltest::pattern(0, 70000, 2);
    stream += frame(Binary, a, 0x11223344);
    // b in three fragments, a ping between two of them.
    stream += rawFrame(Binary, b.first(1000), 0x55667788);
    stream += frame(Ping, "are you there", 0x01010101);
    stream += rawFrame(Continuation, b.sliced(1000, 60000), 0x9ABCDEF0);
    stream += rawFrame(0x80 | Continuation, b.sliced(61000), 0x0F0F0F0F);
    stream += frame(Pong, "", 0x12345678);
    stream += frame(Close, closePayload(1001, "bye"), 0x87654321);
    stream += frame(Binary, "after the close", 0x1);

    for (qsizetype slice : {qsizetype(1), qsizetype(3), stream.size()}) {
        WsFrameReader reader(WsFrameReader::Role::Server, kMax);
        const auto events = readAll(reader, stream, slice);
        REQUIRE(events.size() == 5);
        CHECK(events[0].payload == a);
        CHECK(events[1].kind == Kind::Ping);
        CHECK(events[1].payload == "are you there");
        CHECK(events[2].kind == Kind::Message);
        CHECK(events[2].payload == b);
        CHECK(events[3].kind == Kind::Pong);
        CHECK(events[4].kind == Kind::Close);
        CHECK(events[4].closeCode == 1001);
        CHECK(events[4].payload == "bye");
        CHECK(reader.isDone());
    }
}

TEST_CASE("wsframe: malformed frames are refused with the RFC's close code") {
    using R = WsFrameReader::Role;
    const quint32 key = 0xDEADBEEF;
    // Too big, in one frame or added up over fragments.
    CHECK(refusal(R::Server, frame(Binary, QByteArray(1001, 'x'), key), 1000) == CloseTooBig);
    CHECK(refusal(R::Server,
                  rawFrame(Binary, QByteArray(600, 'x'), key) +
                      rawFrame(0x80 | Continuation, QByteArray(600, 'x'), key),
                  1000) == CloseTooBig);
    // A length that claims 2^63 and more.
    CHECK(refusal(R::Client, QByteArray::fromHex("82 7f 80 00 00 00 00 00 00 00")) ==
          CloseProtocolError);
    // Unmasked from a client, masked from a server.
    CHECK(refusal(R::Server, frame(Binary, "hello", std::nullopt)) == CloseProtocolError);
    CHECK(refusal(R::Client, frame(Binary, "hello", key)) == CloseProtocolError);
    // Opcodes 3-7 and 11-15 are not defined.
    CHECK(refusal(R::Server, rawFrame(0x83, "x", key)) == CloseProtocolError);
    CHECK(refusal(R::Server, rawFrame(0x8B, "x", key)) == CloseProtocolError);
    // RSV1..3.
    CHECK(refusal(R::Server, rawFrame(0xC2, "x", key)) == CloseProtocolError);
    CHECK(refusal(R::Server, rawFrame(0x92, "x", key)) == CloseProtocolError);
    // Text is not the tunnel's.
    CHECK(refusal(R::Server, frame(Text, "hi", key)) == CloseUnsupportedData);
    // Fragmentation: a continuation with nothing to continue, a message inside another.
    CHECK(refusal(R::Server, rawFrame(0x80, "x", key)) == CloseProtocolError);
    CHECK(refusal(R::Server, rawFrame(Binary, "x", key) + frame(Binary, "y", key)) ==
          CloseProtocolError);
    // Control frames: fragmented, longer than 125, a 1-byte or reserved close code.
    CHECK(refusal(R::Server, rawFrame(Ping, "x", key)) == CloseProtocolError);
    CHECK(refusal(R::Server, frame(Ping, QByteArray(126, 'p'), key)) == CloseProtocolError);
    CHECK(refusal(R::Server, frame(Close, "x", key)) == CloseProtocolError);
    CHECK(refusal(R::Server, frame(Close, closePayload(1005, {}), key)) == CloseProtocolError);
}

TEST_CASE("wsframe: random bytes never crash the reader") {
    for (quint8 seed = 0; seed < 200; ++seed) {
        const QByteArray junk = tunneltest::pattern(seed * 977ull, 4096, seed);
        for (auto role : {WsFrameReader::Role::Server, WsFrameReader::Role::Client}) {
            WsFrameReader reader(role, 64 * 1024);
            QList<WsFrameReader::Event> events;
            for (qsizetype i = 0; i < junk.size() && !reader.isDone(); i += 37)
                (void)reader.feed(junk.sliced(i, qMin<qsizetype>(37, junk.size() - i)), events);
            for (const auto &e : events)
                CHECK(e.payload.size() <= 64 * 1024);
        }
    }
}
