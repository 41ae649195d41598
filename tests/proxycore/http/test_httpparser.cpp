#include "http/httpparser.h"
#include "httptestsupport.h"

#include <catch2/catch.hpp>

using namespace pc;
using namespace pc::test;
using State = HttpParser::State;
using Kind = HttpBodyFraming::Kind;

namespace {

const QByteArray get = "GET /index.html?q=1 HTTP/1.1\r\nHost: bmc.example\r\nAccept: */*\r\n\r\n";
const QByteArray post = "POST /api HTTP/1.1\r\nHost: bmc\r\nContent-Length: 11\r\n\r\nhello world";
const QByteArray chunked =
    "POST /upload HTTP/1.1\r\nHost: bmc\r\nTransfer-Encoding: chunked\r\n\r\n"
    "5;name=value;q=\"a \\\"quoted\\\" ext\"\r\nhello\r\n"
    "6\r\n world\r\n"
    "0\r\nX-Checksum: abc\r\nX-Other:  two \r\n\r\n";

} // namespace

TEST_CASE("http: a simple GET is parsed into a request head") {
    const RunResult r = runRequest(get);
    REQUIRE_FALSE(r.error);
    REQUIRE(r.listener.requests.size() == 1);
    const HttpRequestHead &head = r.listener.requests.first();
    CHECK(head.method == "GET");
    CHECK(head.target == "/index.html?q=1");
    CHECK(head.version == HttpVersion::Http1_1);
    CHECK(head.headers == HttpHeaders{{"Host", "bmc.example"}, {"Accept", "*/*"}});
    CHECK(head.framing.kind == Kind::None);
    CHECK(head.keepAlive());
    CHECK(r.listener.completed == 1);
    CHECK(r.state == State::Head);
}

TEST_CASE("http: a Content-Length body is delivered and the message completes") {
    const RunResult r = runRequest(post);
    REQUIRE_FALSE(r.error);
    REQUIRE(r.listener.requests.size() == 1);
    CHECK(r.listener.requests.first().framing == HttpBodyFraming{Kind::Length, 11});
    CHECK(r.listener.bodies == QList<QByteArray>{"hello world"});
}

TEST_CASE("http: parsing byte-at-a-time gives the same events as parsing in one go") {
    const QByteArray input = get + post + chunked + get;
    const RunResult whole = runRequest(input);
    REQUIRE_FALSE(whole.error);
    REQUIRE(whole.listener.completed == 4);
    for (qsizetype slice : {1, 2, 3, 5, 7, 13, 64}) {
        RunOptions o;
        o.slice = slice;
        const RunResult sliced = runRequest(input, o);
        INFO("slice " << slice);
        REQUIRE_FALSE(sliced.error);
        CHECK(sliced.listener.transcript == whole.listener.transcript);
    }
}

TEST_CASE("http: pausing at every event gives the same events") {
    const QByteArray input = get + post + chunked + get;
    const RunResult whole = runRequest(input);
    for (qsizetype slice : {0, 1, 4}) {
        RunOptions o;
        o.slice = slice;
        o.pauseOnHead = o.pauseOnBody = o.pauseOnComplete = true;
        const RunResult paused = runRequest(input, o);
        INFO("slice " << slice);
        REQUIRE_FALSE(paused.error);
        CHECK(paused.pauses >= 4 + 4);
        CHECK(paused.listener.transcript == whole.listener.transcript);
    }
}

TEST_CASE("http: pipelined requests are delivered in order") {
    const RunResult r = runRequest(get + post + get);
    REQUIRE_FALSE(r.error);
    REQUIRE(r.listener.requests.size() == 3);
    CHECK(r.listener.requests[0].method == "GET");
    CHECK(r.listener.requests[1].method == "POST");
    CHECK(r.listener.requests[2].method == "GET");
    CHECK(r.listener.bodies == QList<QByteArray>{"", "hello world", ""});
}

TEST_CASE("http: a request with Connection: close stops the parser") {
    const QByteArray closing = "GET / HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n";
    const RunResult r = runRequest(closing + get);
    REQUIRE_FALSE(r.error);
    CHECK(r.listener.completed == 1);
    CHECK(r.state == State::Closed);
    CHECK(r.rest == get);
}

TEST_CASE("http: an HTTP/1.0 request keeps the connection only with keep-alive") {
    const QByteArray old = "GET / HTTP/1.0\r\n\r\n";
    const RunResult closed = runRequest(old + get);
    CHECK(closed.state == State::Closed);
    CHECK(closed.listener.completed == 1);

    const QByteArray kept = "GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n";
    const RunResult open = runRequest(kept + get);
    CHECK(open.state == State::Head);
    CHECK(open.listener.completed == 2);
    CHECK(open.listener.requests.first().version == HttpVersion::Http1_0);
}

TEST_CASE("http: a chunked body with extensions and trailers is de-chunked") {
    const RunResult r = runRequest(chunked);
    REQUIRE_FALSE(r.error);
    REQUIRE(r.listener.requests.size() == 1);
    CHECK(r.listener.requests.first().framing.kind == Kind::Chunked);
    CHECK(r.listener.bodies == QList<QByteArray>{"hello world"});
    REQUIRE(r.listener.trailers.size() == 1);
    CHECK(r.listener.trailers.first() == HttpHeaders{{"X-Checksum", "abc"}, {"X-Other", "two"}});
}

TEST_CASE("http: a chunked body without trailers reports none") {
    const RunResult r =
        runRequest("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n"
                   "3\r\nabc\r\n0\r\n\r\n");
    REQUIRE_FALSE(r.error);
    CHECK(r.listener.bodies == QList<QByteArray>{"abc"});
    CHECK(r.listener.trailers.isEmpty());
}

TEST_CASE("http: a large Content-Length body is streamed, never buffered whole") {
    const qsizetype size = 4 * 1024 * 1024;
    QByteArray body(size, 'x');
    for (qsizetype i = 0; i < size; i += 4096)
        body[i] = char('a' + (i / 4096) % 26);
    const QByteArray input =
        "PUT /media HTTP/1.1\r\nHost: a\r\nContent-Length: " + QByteArray::number(size) +
        "\r\n\r\n" + body;
    RunOptions o;
    o.slice = 16 * 1024;
    const RunResult r = runRequest(input, o);
    REQUIRE_FALSE(r.error);
    REQUIRE(r.listener.bodies.size() == 1);
    CHECK(r.listener.bodies.first() == body);
    CHECK(r.listener.maxPieceSize <= 16 * 1024);
    CHECK(r.listener.pieceSizes.size() >= size / (16 * 1024));
}

TEST_CASE("http: a large chunked body is streamed in pieces no larger than the input slices") {
    QByteArray wire = "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n";
    QByteArray body;
    for (int i = 0; i < 4; ++i) {
        const QByteArray chunk(1024 * 1024, char('a' + i));
        body += chunk;
        wire += "100000\r\n" + chunk + "\r\n";
    }
    wire += "0\r\n\r\n";
    RunOptions o;
    o.slice = 8 * 1024;
    const RunResult r = runRequest(wire, o);
    REQUIRE_FALSE(r.error);
    CHECK(r.listener.bodies.first() == body);
    CHECK(r.listener.maxPieceSize <= 8 * 1024);
}

TEST_CASE("http: a listener pause on a body piece stops feed until resume") {
    RecordingListener listener;
    listener.pauseOnBody = true;
    HttpParser parser(HttpParser::Mode::Request, &listener);
    const QByteArray first = post.left(post.size() - 6); // head + "hello"
    const Expected<qsizetype, HttpParseError> fed = parser.feed(first);
    REQUIRE(fed.hasValue());
    CHECK(parser.isPaused());
    CHECK(listener.requests.size() == 1);
    CHECK(listener.pieceSizes == QList<qsizetype>{5});
    const QByteArray rest = first.mid(*fed) + post.right(6);
    // While paused, nothing is consumed.
    const Expected<qsizetype, HttpParseError> none = parser.feed(rest);
    REQUIRE(none.hasValue());
    CHECK(*none == 0);
    parser.resume();
    listener.pauseOnBody = false;
    const Expected<qsizetype, HttpParseError> more = parser.feed(rest);
    REQUIRE(more.hasValue());
    CHECK(*more == rest.size());
    CHECK(listener.bodies == QList<QByteArray>{"hello world"});
}

TEST_CASE("http: a listener pause on the head leaves the body unconsumed") {
    RecordingListener listener;
    listener.pauseOnHead = true;
    HttpParser parser(HttpParser::Mode::Request, &listener);
    const Expected<qsizetype, HttpParseError> fed = parser.feed(post);
    REQUIRE(fed.hasValue());
    CHECK(parser.isPaused());
    CHECK(listener.requests.size() == 1);
    CHECK(listener.pieceSizes.isEmpty());
    CHECK(*fed <= post.indexOf("\r\n\r\n") + 4);
    parser.resume();
    const Expected<qsizetype, HttpParseError> more = parser.feed(post.mid(*fed));
    REQUIRE(more.hasValue());
    CHECK(*fed + *more == post.size());
    CHECK(listener.bodies == QList<QByteArray>{"hello world"});
}

TEST_CASE("http: a pause at the end of a message holds back the next pipelined request") {
    RecordingListener listener;
    listener.pauseOnComplete = true;
    HttpParser parser(HttpParser::Mode::Request, &listener);
    const Expected<qsizetype, HttpParseError> fed = parser.feed(post + get);
    REQUIRE(fed.hasValue());
    CHECK(*fed == post.size());
    CHECK(listener.requests.size() == 1);
    parser.resume();
    const Expected<qsizetype, HttpParseError> more = parser.feed(get);
    REQUIRE(more.hasValue());
    CHECK(*more == get.size());
    CHECK(listener.requests.size() == 2);
}

TEST_CASE("http: bytes fed again after a pause must be the unconsumed ones") {
    RecordingListener listener;
    listener.pauseOnHead = true;
    HttpParser parser(HttpParser::Mode::Request, &listener);
    const QByteArray input = "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 2\r\n\r\nok";
    const Expected<qsizetype, HttpParseError> fed = parser.feed(input);
    REQUIRE(fed.hasValue());
    REQUIRE(*fed < input.size() - 2); // the head's last byte is still owed
    parser.resume();
    QByteArray other = input.mid(*fed);
    other[0] = 'X';
    const Expected<qsizetype, HttpParseError> bad = parser.feed(other);
    REQUIRE_FALSE(bad.hasValue());
    CHECK(bad.error().status == 500);
    CHECK(parser.state() == State::Failed);
}

TEST_CASE("http: a WebSocket upgrade request stops after its head and returns the rest") {
    const QByteArray head = "GET /console HTTP/1.1\r\nHost: bmc\r\nUpgrade: websocket\r\n"
                            "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                            "Sec-WebSocket-Version: 13\r\n\r\n";
    const QByteArray frames("\x81\x85\x37\xfa\x21\x3d\x7f\x9f\x4d\x51\x58", 11);
    for (qsizetype slice : {0, 1}) {
        RunOptions o;
        o.slice = slice;
        const RunResult r = runRequest(head + frames, o);
        REQUIRE_FALSE(r.error);
        CHECK(r.state == State::Upgraded);
        REQUIRE(r.listener.requests.size() == 1);
        CHECK(r.listener.requests.first().isWebSocketUpgrade());
        CHECK(r.listener.completed == 1);
        CHECK(r.rest == frames);
    }
}

TEST_CASE("http: Upgrade in an HTTP/1.0 request is ignored") {
    const QByteArray old = "GET /ws HTTP/1.0\r\nUpgrade: websocket\r\n"
                           "Connection: upgrade, keep-alive\r\n\r\n";
    const RunResult r = runRequest(old + get);
    REQUIRE_FALSE(r.error);
    CHECK(r.state == State::Head);
    CHECK(r.listener.completed == 2);
}

TEST_CASE("http: a CONNECT request stops after its head") {
    const RunResult r = runRequest("CONNECT bmc:443 HTTP/1.1\r\nHost: bmc:443\r\n\r\n\x16\x03\x01");
    REQUIRE_FALSE(r.error);
    CHECK(r.state == State::Upgraded);
    CHECK(r.listener.requests.first().target == "bmc:443");
    CHECK(r.rest == "\x16\x03\x01");
}

TEST_CASE("http: reset after a refused upgrade goes on parsing HTTP") {
    RecordingListener listener;
    HttpParser parser(HttpParser::Mode::Request, &listener);
    const QByteArray up =
        "GET /ws HTTP/1.1\r\nHost: a\r\nUpgrade: websocket\r\nConnection: upgrade\r\n\r\n";
    const Expected<qsizetype, HttpParseError> fed = parser.feed(up + get);
    REQUIRE(fed.hasValue());
    CHECK(*fed == up.size());
    CHECK(parser.state() == State::Upgraded);
    parser.reset();
    CHECK(parser.state() == State::Head);
    const Expected<qsizetype, HttpParseError> more = parser.feed(get);
    REQUIRE(more.hasValue());
    CHECK(listener.requests.size() == 2);
}

TEST_CASE("http: finish tells a clean close from a truncated request") {
    RunOptions o;
    o.finish = true;
    const RunResult clean = runRequest(get, o);
    REQUIRE_FALSE(clean.error);
    CHECK_FALSE(clean.finishedMessage);

    const RunResult midHead = runRequest(get.left(20), o);
    REQUIRE(midHead.error);
    CHECK(midHead.error->status == 400);
    CHECK(midHead.error->message.contains(QStringLiteral("head")));

    const RunResult midBody = runRequest(post.left(post.size() - 1), o);
    REQUIRE(midBody.error);
    CHECK(midBody.error->message.contains(QStringLiteral("body")));

    const RunResult afterCrlf = runRequest(get + "\r\n", o);
    CHECK_FALSE(afterCrlf.error);
}

TEST_CASE("http: a few empty lines before a request are ignored") {
    const RunResult r = runRequest("\r\n\r\n" + get);
    REQUIRE_FALSE(r.error);
    CHECK(r.listener.completed == 1);
}

TEST_CASE("http: header values are OWS-trimmed and empty values kept") {
    const RunResult r =
        runRequest("GET / HTTP/1.1\r\nHost:bmc\r\nX-Empty:\r\nX-Spaces: \t a b \t\r\n\r\n");
    REQUIRE_FALSE(r.error);
    CHECK(r.listener.requests.first().headers ==
          HttpHeaders{{"Host", "bmc"}, {"X-Empty", ""}, {"X-Spaces", "a b"}});
}

TEST_CASE("http: absolute-form and asterisk-form targets are kept as received") {
    const RunResult r = runRequest("GET http://bmc:8080/x?y HTTP/1.1\r\nHost: bmc\r\n\r\n"
                                   "OPTIONS * HTTP/1.1\r\nHost: bmc\r\n\r\n");
    REQUIRE_FALSE(r.error);
    REQUIRE(r.listener.requests.size() == 2);
    CHECK(r.listener.requests[0].target == "http://bmc:8080/x?y");
    CHECK(r.listener.requests[1].target == "*");
}

TEST_CASE("http: obs-text in a header value is kept") {
    const RunResult r = runRequest("GET / HTTP/1.1\r\nHost: a\r\nX-Name: caf\xc3\xa9\r\n\r\n");
    REQUIRE_FALSE(r.error);
    CHECK(r.listener.requests.first().headers.value("x-name") == "caf\xc3\xa9");
}

namespace {

class ReentrantListener : public HttpParserListener {
public:
    HttpParser *parser = nullptr;
    std::optional<HttpParseError> error;
    Action onRequestHead(const HttpRequestHead &) override {
        const Expected<qsizetype, HttpParseError> r = parser->feed("GET");
        if (!r)
            error = r.error();
        return Action::Continue;
    }
};

} // namespace

TEST_CASE("http: feeding the parser from its own listener is refused") {
    ReentrantListener listener;
    HttpParser parser(HttpParser::Mode::Request, &listener);
    listener.parser = &parser;
    const Expected<qsizetype, HttpParseError> r = parser.feed(get);
    REQUIRE(listener.error);
    CHECK(listener.error->status == 500);
    CHECK_FALSE(r.hasValue());
    CHECK(parser.state() == State::Failed);
}

TEST_CASE("http: a failed parser keeps failing with the same error") {
    RecordingListener listener;
    HttpParser parser(HttpParser::Mode::Request, &listener);
    const Expected<qsizetype, HttpParseError> r =
        parser.feed("GET / HTTP/1.1\r\nBad Name: x\r\n\r\n");
    REQUIRE_FALSE(r.hasValue());
    const Expected<qsizetype, HttpParseError> again = parser.feed(get);
    REQUIRE_FALSE(again.hasValue());
    CHECK(again.error().message == r.error().message);
    REQUIRE(parser.error());
    CHECK(parser.error()->status == 400);
    CHECK_FALSE(parser.finish().hasValue());
    CHECK(listener.requests.isEmpty());
}

TEST_CASE("parser: a request line ending in a bare LF at the end of the input is refused as "
          "such however it was sliced (found by fuzz_http)") {
    const QByteArray input = "GET / HTTP/1.1\n";
    for (qsizetype slice = 0; slice <= input.size(); ++slice) {
        for (bool pauses : {false, true}) {
            INFO("slice " << slice << (pauses ? ", pausing" : ""));
            pc::test::RunOptions options;
            options.slice = slice;
            options.finish = true; // the client closed after the line
            options.pauseOnHead = options.pauseOnBody = options.pauseOnComplete = pauses;
            const auto result = pc::test::runRequest(input, options);
            REQUIRE(result.error);
            CHECK(result.error->status == 400);
            CHECK(result.error->message.contains(QStringLiteral("bare LF in the request line")));
        }
    }
}
