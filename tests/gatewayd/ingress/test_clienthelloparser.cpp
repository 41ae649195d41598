// The ClientHello reader of the public listener's SNI split (README, "Node groups:
// ingress"): whole and fragmented hellos, prefixes, hellos without SNI, garbage, and the
// size bound; one real ClientHello from Qt's TLS client.
#include "clienthellobuilder.h"
#include "ingress/clienthelloparser.h"

#include <QSslSocket>
#include <QTcpServer>
#include <QTcpSocket>
#include <catch2/catch.hpp>
#include <waitfor.h>

using namespace Qt::StringLiterals;
using gw::ClientHelloParser;
using Status = ClientHelloParser::Status;

namespace {

Status parse(const QByteArray &bytes, QString *name = nullptr) {
    ClientHelloParser parser;
    const Status s = parser.parse(bytes);
    if (name)
        *name = parser.serverName();
    return s;
}

} // namespace

TEST_CASE("ingress: the server name of a whole ClientHello, lower case, without a trailing dot") {
    ClientHelloBuilder hello;
    hello.serverName = "App-A.Example.TEST.";
    QString name;
    REQUIRE(parse(hello.records(), &name) == Status::Complete);
    CHECK(name == u"app-a.example.test"_s);
    // Bytes after the hello (the client's next records) change nothing.
    REQUIRE(parse(hello.records() + QByteArray::fromHex("140303000101"), &name) ==
            Status::Complete);
    CHECK(name == u"app-a.example.test"_s);
}

TEST_CASE("ingress: every prefix of a ClientHello needs more, never fails") {
    ClientHelloBuilder hello;
    hello.serverName = "b.example.test";
    hello.padding = 300;
    for (qsizetype records : {qsizetype(16384), qsizetype(7), qsizetype(100)}) {
        const QByteArray bytes = hello.records(records);
        for (qsizetype n = 0; n < bytes.size(); ++n) {
            INFO("records of " << records << ", prefix " << n << " of " << bytes.size());
            const Status s = parse(bytes.first(n));
            // With small records, the message can be complete before its last record ends
            // only if nothing is left: so any prefix is NeedMore.
            REQUIRE(s == Status::NeedMore);
        }
        QString name;
        REQUIRE(parse(bytes, &name) == Status::Complete);
        CHECK(name == u"b.example.test"_s);
    }
}

TEST_CASE("ingress: a ClientHello spread over many records (fragmented) is joined") {
    ClientHelloBuilder hello;
    hello.serverName = "fragmented.example.test";
    QString name;
    REQUIRE(parse(hello.records(1), &name) == Status::Complete); // 1-byte records
    CHECK(name == u"fragmented.example.test"_s);
    hello.padding = 5000;
    REQUIRE(parse(hello.records(1000), &name) == Status::Complete);
    CHECK(name == u"fragmented.example.test"_s);
    // The bound counts the records' headers too: 5 KiB in 1-byte records is 30 KiB.
    CHECK(parse(hello.records(1)) == Status::Invalid);
}

TEST_CASE("ingress: a ClientHello without SNI is complete with an empty name") {
    ClientHelloBuilder hello;
    QString name = u"x"_s;
    REQUIRE(parse(hello.records(), &name) == Status::Complete);
    CHECK(name.isEmpty());
    hello.noExtensions = true;
    REQUIRE(parse(hello.records(), &name) == Status::Complete);
    CHECK(name.isEmpty());
}

TEST_CASE("ingress: garbage, other records and malformed hellos are invalid at once") {
    CHECK(parse("GET / HTTP/1.1\r\nHost: a\r\n\r\n") == Status::Invalid);
    CHECK(parse("G") == Status::Invalid);                         // the first byte already tells
    CHECK(parse(QByteArray::fromHex("1504")) == Status::Invalid); // a TLS alert record
    CHECK(parse(QByteArray::fromHex("16020000")) == Status::Invalid);   // SSL 2 version
    CHECK(parse(QByteArray::fromHex("8003")) == Status::Invalid);       // SSLv2-style hello
    CHECK(parse(QByteArray::fromHex("1603010000")) == Status::Invalid); // empty record
    CHECK(parse(QByteArray::fromHex("16030100040200000000")) == Status::Invalid); // ServerHello
    ClientHelloBuilder hello;
    hello.serverName = "a.example.test";
    // A length inside the message that runs past its end.
    QByteArray m = hello.message();
    m[4 + 2 + 32] = char(200); // session id length 200
    const QByteArray record = QByteArray::fromHex("160301") + char(m.size() >> 8) + char(m.size());
    CHECK(parse(record + m) == Status::Invalid);
    // The same extension twice.
    hello.extraExtensions = {ClientHelloBuilder::extension(43, QByteArray::fromHex("020304"))};
    CHECK(parse(hello.records()) == Status::Invalid);
    // A name with a byte no host name has.
    ClientHelloBuilder bad;
    bad.serverName = QByteArray("a\0b.example", 10);
    CHECK(parse(bad.records()) == Status::Invalid);
    bad.serverName = "a/b.example";
    CHECK(parse(bad.records()) == Status::Invalid);
    // A record of another type in the middle of a fragmented hello.
    ClientHelloBuilder split;
    split.serverName = "a.example.test";
    QByteArray two = split.records(50);
    two.insert(55, QByteArray::fromHex("1703030001ff"));
    CHECK(parse(two) == Status::Invalid);
}

TEST_CASE("ingress: a ClientHello over 16 KiB is refused, whatever comes") {
    ClientHelloBuilder hello;
    hello.serverName = "big.example.test";
    hello.padding = 17000;
    const QByteArray bytes = hello.records(16000);
    CHECK(parse(bytes) == Status::Invalid);
    CHECK(parse(bytes.first(ClientHelloParser::kMaxBytes + 100)) == Status::Invalid);
    // One that fits is fine.
    hello.padding = 15000;
    CHECK(parse(hello.records(8000)) == Status::Complete);
}

TEST_CASE("ingress: the ClientHello of Qt's TLS client (OpenSSL 3) gives its peer name") {
    QTcpServer server;
    REQUIRE(server.listen(QHostAddress::LocalHost));
    QSslSocket client;
    client.setPeerVerifyMode(QSslSocket::VerifyNone);
    client.connectToHostEncrypted(u"127.0.0.1"_s, server.serverPort(), u"real.example.test"_s);
    REQUIRE(testsupport::waitFor([&] { return server.hasPendingConnections(); }));
    QTcpSocket *accepted = server.nextPendingConnection();
    QByteArray bytes;
    ClientHelloParser parser;
    REQUIRE(testsupport::waitFor([&] {
        bytes += accepted->readAll();
        return parser.parse(bytes) != Status::NeedMore;
    }));
    CHECK(parser.status() == Status::Complete);
    CHECK(parser.serverName() == u"real.example.test"_s);
}
