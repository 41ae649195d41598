// Http1ResponseWriter: how a proxied response is framed for an HTTP/1.1 or 1.0 client,
// read back by the same parser a browser-facing peer would use.
#include "http/http1responsewriter.h"
#include "httptestsupport.h"

#include <QBuffer>
#include <catch2/catch.hpp>

using pc::Http1ResponseWriter;
using pc::HttpBodyFraming;
using pc::HttpResponseHead;

namespace {

HttpResponseHead head(int status, HttpBodyFraming framing, pc::HttpHeaders headers = {}) {
    HttpResponseHead h;
    h.status = status;
    h.reason = "OK";
    h.headers = std::move(headers);
    h.framing = framing;
    return h;
}

struct Written {
    QBuffer buffer;
    Written() { buffer.open(QIODevice::WriteOnly); }
    QByteArray bytes() const { return buffer.data(); }
};

} // namespace

TEST_CASE("response writer: a body of unknown length is chunked for an HTTP/1.1 client") {
    Written out;
    Http1ResponseWriter writer(&out.buffer, {});
    // As the BMC sent it: chunked, its Transfer-Encoding still there.
    REQUIRE_FALSE(writer.writeHead(
        head(200, {HttpBodyFraming::Kind::Chunked, 0}, {{"Transfer-Encoding", "chunked"}})));
    writer.writeBody("hello ");
    writer.writeBody("");
    writer.writeBody("world");
    writer.finish();
    CHECK(writer.keepsConnection());
    auto parsed = pc::test::runResponse(out.bytes());
    REQUIRE_FALSE(parsed.error);
    REQUIRE(parsed.listener.completed == 1);
    CHECK(parsed.listener.bodies.first() == "hello world");
    CHECK(parsed.listener.responses.first().headers.values("Transfer-Encoding").size() == 1);
    CHECK(parsed.listener.responses.first().keepAlive());
}

TEST_CASE("response writer: a known length goes out as it is, unchunked") {
    Written out;
    Http1ResponseWriter writer(&out.buffer, {});
    REQUIRE_FALSE(
        writer.writeHead(head(200, {HttpBodyFraming::Kind::Length, 5}, {{"Content-Length", "5"}})));
    writer.writeBody("12345");
    writer.finish();
    CHECK(out.bytes().endsWith("\r\n\r\n12345"));
    CHECK_FALSE(out.bytes().contains("Transfer-Encoding"));
}

TEST_CASE("response writer: an HTTP/1.0 client gets the body until the connection ends") {
    Written out;
    Http1ResponseWriter writer(&out.buffer, {.clientHttp11 = false});
    REQUIRE_FALSE(writer.writeHead(head(200, {HttpBodyFraming::Kind::UntilEof, 0})));
    writer.writeBody("all of it");
    writer.finish();
    CHECK_FALSE(writer.keepsConnection());
    CHECK(out.bytes().contains("\r\nConnection: close\r\n"));
    CHECK(out.bytes().endsWith("\r\n\r\nall of it"));
}

TEST_CASE("response writer: 100 Continue reaches an HTTP/1.1 client only") {
    for (bool http11 : {true, false}) {
        Written out;
        Http1ResponseWriter writer(&out.buffer, {.clientHttp11 = http11});
        writer.writeInterim(head(100, {}));
        if (http11)
            CHECK(out.bytes().startsWith("HTTP/1.1 100 "));
        else
            CHECK(out.bytes().isEmpty()); // HTTP/1.0 has no interim responses
    }
}

TEST_CASE("response writer: a field that would split the response is refused, nothing sent") {
    Written out;
    Http1ResponseWriter writer(&out.buffer, {});
    auto error = writer.writeHead(head(200, {HttpBodyFraming::Kind::Length, 0},
                                       {{"X-Injected", "a\r\nSet-Cookie: stolen=1"}}));
    CHECK(error);
    CHECK(out.bytes().isEmpty());
}

TEST_CASE("response writer: a 101 head goes out untouched, the relay takes the connection") {
    Written out;
    Http1ResponseWriter writer(&out.buffer, {.clientHttp11 = true, .keepAlive = false});
    REQUIRE_FALSE(
        writer.writeHead(head(101, {}, {{"Upgrade", "websocket"}, {"Connection", "Upgrade"}})));
    CHECK(out.bytes().startsWith("HTTP/1.1 101"));
    CHECK(out.bytes().contains("\r\nConnection: Upgrade\r\n"));
    CHECK_FALSE(out.bytes().contains("close"));
}
