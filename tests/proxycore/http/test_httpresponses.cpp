#include "http/httpparser.h"
#include "httptestsupport.h"

#include <catch2/catch.hpp>

using namespace pc;
using namespace pc::test;
using State = HttpParser::State;
using Kind = HttpBodyFraming::Kind;

namespace {

const QByteArray ok = "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello";

RunOptions answering(QList<QByteArray> methods) {
    RunOptions o;
    o.requestMethods = std::move(methods);
    return o;
}

} // namespace

TEST_CASE("http: a response with Content-Length is parsed") {
    const RunResult r = runResponse(ok + ok);
    REQUIRE_FALSE(r.error);
    REQUIRE(r.listener.responses.size() == 2);
    const HttpResponseHead &head = r.listener.responses.first();
    CHECK(head.status == 200);
    CHECK(head.reason == "OK");
    CHECK(head.framing == HttpBodyFraming{Kind::Length, 5});
    CHECK(r.listener.bodies == QList<QByteArray>{"hello", "hello"});
}

TEST_CASE("http: a response to HEAD has no body even with Content-Length") {
    const QByteArray head = "HTTP/1.1 200 OK\r\nContent-Length: 1234\r\n\r\n";
    const RunResult r = runResponse(head + ok, answering({"HEAD", "GET"}));
    REQUIRE_FALSE(r.error);
    REQUIRE(r.listener.responses.size() == 2);
    CHECK(r.listener.responses[0].framing.kind == Kind::None);
    CHECK(r.listener.bodies == QList<QByteArray>{"", "hello"});
}

TEST_CASE("http: a response to HEAD with chunked Transfer-Encoding has no body") {
    const QByteArray head = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n";
    const RunResult r = runResponse(head + ok, answering({"HEAD", "GET"}));
    REQUIRE_FALSE(r.error);
    CHECK(r.listener.bodies == QList<QByteArray>{"", "hello"});
}

TEST_CASE("http: 204 and 304 responses have no body even with Content-Length") {
    const QByteArray noContent = "HTTP/1.1 204 No Content\r\nContent-Length: 5\r\n\r\n";
    const QByteArray notModified = "HTTP/1.1 304 Not Modified\r\nContent-Length: 5\r\n\r\n";
    const RunResult r = runResponse(noContent + notModified + ok);
    REQUIRE_FALSE(r.error);
    REQUIRE(r.listener.responses.size() == 3);
    CHECK(r.listener.responses[0].status == 204);
    CHECK(r.listener.responses[1].status == 304);
    CHECK(r.listener.bodies == QList<QByteArray>{"", "", "hello"});
}

TEST_CASE("http: interim 1xx responses precede the final one and keep its request method") {
    const QByteArray cont = "HTTP/1.1 100 Continue\r\n\r\n";
    const QByteArray early = "HTTP/1.1 103 Early Hints\r\nLink: </s.css>; rel=preload\r\n\r\n";
    const QByteArray headOk = "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\n";
    const RunResult r = runResponse(cont + early + headOk + ok, answering({"HEAD", "GET"}));
    REQUIRE_FALSE(r.error);
    REQUIRE(r.listener.responses.size() == 4);
    CHECK(r.listener.responses[0].isInformational());
    CHECK(r.listener.responses[1].headers.value("link") == "</s.css>; rel=preload");
    CHECK(r.listener.completed == 4);
    // The 200 answered HEAD (no body); the next 200 answered GET.
    CHECK(r.listener.bodies == QList<QByteArray>{"", "", "", "hello"});
}

TEST_CASE("http: the request method queue is consumed by final responses") {
    RecordingListener listener;
    HttpParser parser(HttpParser::Mode::Response, &listener);
    parser.pushRequestMethod("GET");
    parser.pushRequestMethod("HEAD");
    CHECK(parser.pendingRequestMethods() == 2);
    REQUIRE(parser.feed("HTTP/1.1 100 Continue\r\n\r\n").hasValue());
    CHECK(parser.pendingRequestMethods() == 2);
    REQUIRE(parser.feed(ok).hasValue());
    CHECK(parser.pendingRequestMethods() == 1);
}

TEST_CASE("http: a 101 response switches protocols and returns the leftover bytes") {
    const QByteArray head =
        "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n"
        "Connection: Upgrade\r\nSec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n\r\n";
    const QByteArray frame("\x81\x05hello", 7);
    for (qsizetype slice : {0, 1}) {
        RunOptions o = answering({"GET"});
        o.slice = slice;
        const RunResult r = runResponse(head + frame, o);
        REQUIRE_FALSE(r.error);
        CHECK(r.state == State::Upgraded);
        CHECK(r.listener.responses.first().status == 101);
        CHECK(r.rest == frame);
    }
}

TEST_CASE("http: a 2xx response to CONNECT opens a tunnel, other statuses do not") {
    const RunResult tunnel =
        runResponse("HTTP/1.1 200 Connection established\r\n\r\nTLS", answering({"CONNECT"}));
    REQUIRE_FALSE(tunnel.error);
    CHECK(tunnel.state == State::Upgraded);
    CHECK(tunnel.rest == "TLS");

    const RunResult refused =
        runResponse("HTTP/1.1 407 Proxy Authentication Required\r\nContent-Length: 2\r\n\r\nno",
                    answering({"CONNECT"}));
    REQUIRE_FALSE(refused.error);
    CHECK(refused.state == State::Head);
    CHECK(refused.listener.bodies == QList<QByteArray>{"no"});
}

TEST_CASE("http: a response without length is read until EOF") {
    RunOptions o;
    o.finish = true;
    o.slice = 3;
    const RunResult r =
        runResponse("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\nall of it", o);
    REQUIRE_FALSE(r.error);
    CHECK(r.listener.responses.first().framing.kind == Kind::UntilEof);
    CHECK_FALSE(r.listener.responses.first().keepAlive());
    CHECK(r.finishedMessage);
    CHECK(r.listener.bodies == QList<QByteArray>{"all of it"});
    CHECK(r.state == State::Closed);
}

TEST_CASE("http: an HTTP/1.0 response without length is read until EOF") {
    RunOptions o;
    o.finish = true;
    const RunResult r = runResponse("HTTP/1.0 200 OK\r\n\r\nold", o);
    REQUIRE_FALSE(r.error);
    CHECK(r.listener.responses.first().version == HttpVersion::Http1_0);
    CHECK(r.listener.bodies == QList<QByteArray>{"old"});
}

TEST_CASE("http: a chunked response is de-chunked") {
    const RunResult r = runResponse("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                                    "4\r\nWiki\r\n5\r\npedia\r\n0\r\n\r\n" +
                                    ok);
    REQUIRE_FALSE(r.error);
    CHECK(r.listener.bodies == QList<QByteArray>{"Wikipedia", "hello"});
}

TEST_CASE("http: a response with Connection: close stops the parser") {
    const RunResult r =
        runResponse("HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 1\r\n\r\nx" + ok);
    REQUIRE_FALSE(r.error);
    CHECK(r.state == State::Closed);
    CHECK(r.rest == ok);
}

TEST_CASE("http: a response cut short by EOF is a 502") {
    RunOptions o;
    o.finish = true;
    const RunResult r = runResponse(ok.left(ok.size() - 2), o);
    REQUIRE(r.error);
    CHECK(r.error->status == 502);
}

TEST_CASE("http: a response without a reason phrase is accepted") {
    const RunResult r = runResponse("HTTP/1.1 404\r\nContent-Length: 0\r\n\r\n");
    REQUIRE_FALSE(r.error);
    CHECK(r.listener.responses.first().status == 404);
    CHECK(r.listener.responses.first().reason.isEmpty());
}

TEST_CASE("http: every refused response is reported as 502") {
    const std::optional<HttpParseError> e = responseError("HTTP/1.1 200 OK\r\nBad\x01: x\r\n\r\n");
    REQUIRE(e);
    CHECK(e->status == 502);
    CHECK(e->message.startsWith(QStringLiteral("invalid response: ")));
    CHECK(responseError("HTTP/1.1 20 OK\r\n\r\n")->status == 502);
    CHECK(responseError("HTTP/1.1 000 OK\r\n\r\n")->status == 502);
    CHECK(responseError("HTTP/1.1 600 OK\r\n\r\n")->status == 502);
    CHECK(responseError("HTTP/1.1 2000 OK\r\n\r\n")->status == 502);
    CHECK(responseError("HTTP/2.0 200 OK\r\n\r\n")->status == 502);
    CHECK(
        responseError("HTTP/1.1 200 OK\r\nContent-Length: 1\r\nTransfer-Encoding: chunked\r\n\r\n")
            ->status == 502);
    CHECK(responseError("HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip\r\n\r\nxx")->status == 502);
    CHECK(responseError("HTTP/1.1  200 OK\r\n\r\n")->status == 502);
    CHECK(responseError("HTXP/1.1 200 OK\r\n\r\n")->status == 502);
}
