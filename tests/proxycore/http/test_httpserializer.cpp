#include "http/httpserializer.h"
#include "httptestsupport.h"

#include <catch2/catch.hpp>

using namespace pc;
using namespace pc::test;

namespace {

HttpRequestHead sampleRequest() {
    HttpRequestHead head;
    head.method = "POST";
    head.target = "http://bmc:443/redfish/v1/Sessions?x=1";
    head.headers = HttpHeaders{{"Host", "bmc"}, {"X-Repeated", "1"},    {"x-REPEATED", "2"},
                               {"X-Empty", ""}, {"Cookie", "a=b; c=d"}, {"Content-Length", "2"}};
    return head;
}

HttpResponseHead sampleResponse() {
    HttpResponseHead head;
    head.status = 302;
    head.reason = "Found (moved)";
    head.headers =
        HttpHeaders{{"Location", "/login"}, {"Set-Cookie", "a=1"}, {"Set-Cookie", "b=2"}};
    return head;
}

} // namespace

TEST_CASE("http: a request head is serialized with CRLF and HTTP/1.1") {
    HttpRequestHead head;
    head.method = "GET";
    head.target = "/x";
    head.headers = HttpHeaders{{"Host", "a"}, {"Accept", "*/*"}};
    const Expected<QByteArray, HttpSerializeError> wire = HttpSerializer::requestHead(head);
    REQUIRE(wire.hasValue());
    CHECK(*wire == "GET /x HTTP/1.1\r\nHost: a\r\nAccept: */*\r\n\r\n");
    head.version = HttpVersion::Http1_0;
    CHECK(*HttpSerializer::requestHead(head) ==
          "GET /x HTTP/1.0\r\nHost: a\r\nAccept: */*\r\n\r\n");
}

TEST_CASE("http: a response head is serialized, with or without a reason phrase") {
    HttpResponseHead head;
    head.status = 404;
    head.reason = "Not Found";
    CHECK(*HttpSerializer::responseHead(head) == "HTTP/1.1 404 Not Found\r\n\r\n");
    head.reason.clear();
    CHECK(*HttpSerializer::responseHead(head) == "HTTP/1.1 404 \r\n\r\n");
}

TEST_CASE("http: header values are written OWS-trimmed") {
    HttpRequestHead head;
    head.method = "GET";
    head.target = "/";
    head.headers = HttpHeaders{{"Host", " \ta \t"}};
    CHECK(*HttpSerializer::requestHead(head) == "GET / HTTP/1.1\r\nHost: a\r\n\r\n");
}

TEST_CASE("http: a serialized request parses back to the same head") {
    const HttpRequestHead head = sampleRequest();
    const Expected<QByteArray, HttpSerializeError> wire = HttpSerializer::requestHead(head);
    REQUIRE(wire.hasValue());
    const RunResult r = runRequest(*wire + "ok");
    REQUIRE_FALSE(r.error);
    REQUIRE(r.listener.requests.size() == 1);
    HttpRequestHead parsed = r.listener.requests.first();
    CHECK(parsed.framing == HttpBodyFraming{HttpBodyFraming::Kind::Length, 2});
    parsed.framing = {};
    CHECK(parsed == head);
    // And serializing the parsed head gives the same bytes.
    CHECK(*HttpSerializer::requestHead(parsed) == *wire);
}

TEST_CASE("http: a serialized response parses back to the same head") {
    const HttpResponseHead head = sampleResponse();
    const Expected<QByteArray, HttpSerializeError> wire = HttpSerializer::responseHead(head);
    REQUIRE(wire.hasValue());
    RunOptions o;
    o.finish = true;
    const RunResult r = runResponse(*wire, o);
    REQUIRE_FALSE(r.error);
    REQUIRE(r.listener.responses.size() == 1);
    HttpResponseHead parsed = r.listener.responses.first();
    CHECK(parsed.framing.kind == HttpBodyFraming::Kind::UntilEof);
    parsed.framing = {};
    CHECK(parsed == head);
}

TEST_CASE("http: header injection through values is refused") {
    for (const QByteArray &value :
         {QByteArray("a\r\nX-Injected: 1"), QByteArray("a\nb"), QByteArray("a\rb"),
          QByteArray("a\0b", 3), QByteArray("a\x01"), QByteArray("a\x7f")}) {
        HttpRequestHead head;
        head.method = "GET";
        head.target = "/";
        head.headers = HttpHeaders{{"X-Value", value}};
        const Expected<QByteArray, HttpSerializeError> wire = HttpSerializer::requestHead(head);
        REQUIRE_FALSE(wire.hasValue());
        CHECK(wire.error().message.contains(QStringLiteral("control")));

        HttpResponseHead response;
        response.headers = head.headers;
        CHECK_FALSE(HttpSerializer::responseHead(response).hasValue());
        CHECK_FALSE(HttpSerializer::lastChunk(head.headers).hasValue());
        CHECK_FALSE(HttpSerializer::simpleResponse(500, head.headers, {}).hasValue());
    }
}

TEST_CASE("http: header injection through names is refused") {
    for (const QByteArray &name : {QByteArray("X\r\nY"), QByteArray("X: Y"), QByteArray("X Y"),
                                   QByteArray(""), QByteArray("X\0", 2), QByteArray("X:")}) {
        HttpRequestHead head;
        head.method = "GET";
        head.target = "/";
        head.headers = HttpHeaders{{name, "v"}};
        const Expected<QByteArray, HttpSerializeError> wire = HttpSerializer::requestHead(head);
        REQUIRE_FALSE(wire.hasValue());
        CHECK(wire.error().message.contains(QStringLiteral("name")));
    }
}

TEST_CASE("http: request line injection through method or target is refused") {
    HttpRequestHead head;
    head.method = "GET";
    head.target = "/ HTTP/1.1\r\nHost: evil\r\n\r\nGET /";
    CHECK_FALSE(HttpSerializer::requestHead(head).hasValue());
    head.target = "";
    CHECK_FALSE(HttpSerializer::requestHead(head).hasValue());
    head.target = "/";
    head.method = "GET /";
    CHECK_FALSE(HttpSerializer::requestHead(head).hasValue());
    head.method = "";
    CHECK_FALSE(HttpSerializer::requestHead(head).hasValue());

    HttpResponseHead response;
    response.reason = "OK\r\nSet-Cookie: x=1";
    CHECK_FALSE(HttpSerializer::responseHead(response).hasValue());
    response.reason = "OK";
    response.status = 99;
    CHECK_FALSE(HttpSerializer::responseHead(response).hasValue());
    response.status = 600;
    CHECK_FALSE(HttpSerializer::responseHead(response).hasValue());
}

TEST_CASE("http: the chunked encoder writes hex sizes and a last chunk") {
    CHECK(HttpSerializer::chunk("hello") == "5\r\nhello\r\n");
    CHECK(HttpSerializer::chunk(QByteArray(255, 'a')) == "ff\r\n" + QByteArray(255, 'a') + "\r\n");
    CHECK(HttpSerializer::chunk({}).isEmpty());
    CHECK(*HttpSerializer::lastChunk() == "0\r\n\r\n");
    CHECK(*HttpSerializer::lastChunk(HttpHeaders{{"X-Sum", "1"}}) == "0\r\nX-Sum: 1\r\n\r\n");
}

TEST_CASE("http: a chunk-encoded body parses back to the same data and trailers") {
    QByteArray wire = "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n";
    QByteArray body;
    for (int i = 1; i < 40; i += 7) {
        const QByteArray piece(i * 13, char('a' + i % 26));
        body += piece;
        wire += HttpSerializer::chunk(piece);
    }
    wire += HttpSerializer::chunk({});
    wire += *HttpSerializer::lastChunk(HttpHeaders{{"X-Sum", "abc"}});
    RunOptions o;
    o.slice = 5;
    const RunResult r = runRequest(wire, o);
    REQUIRE_FALSE(r.error);
    CHECK(r.listener.bodies == QList<QByteArray>{body});
    REQUIRE(r.listener.trailers.size() == 1);
    CHECK(r.listener.trailers.first() == HttpHeaders{{"X-Sum", "abc"}});
}

TEST_CASE("http: simpleResponse writes a complete response with Content-Length") {
    const QByteArray json = R"({"error":"forbidden","detail":"token expired"})";
    const Expected<QByteArray, HttpSerializeError> wire =
        HttpSerializer::simpleResponse(403,
                                       HttpHeaders{{"Content-Type", "application/json"},
                                                   {"Content-Length", "999"},
                                                   {"Transfer-Encoding", "chunked"}},
                                       json);
    REQUIRE(wire.hasValue());
    CHECK(*wire == "HTTP/1.1 403 Forbidden\r\nContent-Type: application/json\r\nContent-Length: " +
                       QByteArray::number(json.size()) + "\r\n\r\n" + json);
    const RunResult r = runResponse(*wire);
    REQUIRE_FALSE(r.error);
    CHECK(r.listener.bodies == QList<QByteArray>{json});
}

TEST_CASE("http: simpleResponse of a bodyless status has no Content-Length and no body") {
    CHECK(*HttpSerializer::simpleResponse(204, {}, {}) == "HTTP/1.1 204 No Content\r\n\r\n");
    CHECK(*HttpSerializer::simpleResponse(304, {{"ETag", "\"x\""}}, {}) ==
          "HTTP/1.1 304 Not Modified\r\nETag: \"x\"\r\n\r\n");
    CHECK_FALSE(HttpSerializer::simpleResponse(204, {}, "body").hasValue());
    CHECK(*HttpSerializer::simpleResponse(200, {}, {}) ==
          "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n");
}

TEST_CASE("http: reason phrases are the standard ones") {
    CHECK(HttpSerializer::reasonPhrase(200) == "OK");
    CHECK(HttpSerializer::reasonPhrase(502) == "Bad Gateway");
    CHECK(HttpSerializer::reasonPhrase(431) == "Request Header Fields Too Large");
    CHECK(HttpSerializer::reasonPhrase(599).isEmpty());
    CHECK(HttpSerializer::reasonPhrase(-1).isEmpty());
}
