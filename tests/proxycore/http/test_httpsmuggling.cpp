// Request-smuggling and malformed-message defences: every vector is refused with the
// same error whether the input arrives at once, a byte at a time or with pauses
// (requestError() checks that), and nothing of the refused message reaches the listener.
#include "httptestsupport.h"

#include <catch2/catch.hpp>

using namespace pc;
using namespace pc::test;

namespace {

const QByteArray post = "POST / HTTP/1.1\r\nHost: a\r\n";
const QByteArray chunkedPost = "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n";

void requireRefused(const QByteArray &input, int status, const char *messagePart) {
    INFO("input: " << input.toStdString());
    const std::optional<HttpParseError> e = requestError(input);
    REQUIRE(e);
    CHECK(e->status == status);
    INFO("message: " << e->message.toStdString());
    CHECK(e->message.contains(QString::fromLatin1(messagePart), Qt::CaseInsensitive));
}

void requireAccepted(const QByteArray &input) {
    INFO("input: " << input.toStdString());
    const std::optional<HttpParseError> e = requestError(input);
    INFO("message: " << (e ? e->message.toStdString() : std::string()));
    CHECK_FALSE(e);
}

} // namespace

TEST_CASE("http: Content-Length with Transfer-Encoding is refused") {
    requireRefused(post + "Content-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", 400,
                   "Content-Length");
    requireRefused(post + "Transfer-Encoding: chunked\r\nContent-Length: 5\r\n\r\n0\r\n\r\n", 400,
                   "Content-Length");
    requireRefused(post + "Transfer-Encoding: chunked\r\nContent-Length: 0\r\n\r\n0\r\n\r\n", 400,
                   "Content-Length");
}

TEST_CASE("http: the smuggled request behind a refused one is never delivered") {
    const QByteArray attack = post + "Content-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n"
                                     "0\r\n\r\nGET /admin HTTP/1.1\r\nHost: a\r\n\r\n";
    const RunResult r = runRequest(attack);
    REQUIRE(r.error);
    CHECK(r.listener.requests.isEmpty());
    CHECK(r.listener.completed == 0);
}

TEST_CASE("http: differing duplicate Content-Length is refused") {
    requireRefused(post + "Content-Length: 5\r\nContent-Length: 6\r\n\r\nhello!", 400,
                   "Content-Length");
}

TEST_CASE("http: identical duplicate Content-Length is refused too (strict)") {
    requireRefused(post + "Content-Length: 5\r\nContent-Length: 5\r\n\r\nhello", 400,
                   "Content-Length");
    requireRefused(post + "Content-Length: 5, 5\r\n\r\nhello", 400, "Content-Length");
}

TEST_CASE("http: Content-Length that is not purely digits is refused") {
    for (const char *value : {"+5", "5a", "-1", "0x5", "5 5", "", "5.0", "\"5\"", "\xd9\xa5"}) {
        INFO("value: " << value);
        requireRefused(post + "Content-Length: " + value + "\r\n\r\nhello", 400, "Content-Length");
    }
}

TEST_CASE("http: Content-Length with surrounding spaces is accepted") {
    requireAccepted(post + "Content-Length:  5 \r\n\r\nhello");
    // A tab after the digits is refused (stricter than RFC 9110 OWS, as llhttp is).
    requireRefused(post + "Content-Length: 5\t\r\n\r\nhello", 400, "Content-Length");
}

TEST_CASE("http: Content-Length overflowing 64 bits is refused") {
    requireRefused(post + "Content-Length: 18446744073709551616\r\n\r\n", 400, "Content-Length");
    requireRefused(post + "Content-Length: 99999999999999999999999\r\n\r\n", 400, "Content-Length");
}

TEST_CASE("http: Transfer-Encoding with chunked not final is refused") {
    requireRefused(post + "Transfer-Encoding: chunked, identity\r\n\r\n0\r\n\r\n", 400,
                   "final coding");
    requireRefused(post + "Transfer-Encoding: identity\r\n\r\n", 400, "final coding");
}

TEST_CASE("http: Transfer-Encoding xchunked and look-alikes are refused") {
    for (const char *value :
         {"xchunked", "chunkedx", "chunk", "\"chunked\"", "chunked;q=1", "chunked,", ", chunked"}) {
        INFO("value: " << value);
        const std::optional<HttpParseError> e =
            requestError(post + "Transfer-Encoding: " + value + "\r\n\r\n0\r\n\r\n");
        REQUIRE(e);
        CHECK(e->status == 400);
    }
}

TEST_CASE("http: Transfer-Encoding applying chunked twice is refused") {
    requireRefused(post + "Transfer-Encoding: chunked, chunked\r\n\r\n0\r\n\r\n", 400,
                   "more than once");
    requireRefused(post +
                       "Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
                   400, "more than once");
}

TEST_CASE("http: Transfer-Encoding split over two fields is read as one list") {
    requireRefused(post + "Transfer-Encoding: chunked\r\nTransfer-Encoding: identity\r\n\r\n", 400,
                   "final coding");
    requireRefused(post + "Transfer-Encoding: gzip\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
                   501, "unsupported transfer coding");
}

TEST_CASE("http: transfer codings other than chunked are 501") {
    requireRefused(post + "Transfer-Encoding: gzip, chunked\r\n\r\n0\r\n\r\n", 501,
                   "unsupported transfer coding");
}

TEST_CASE("http: Transfer-Encoding in HTTP/1.0 is refused") {
    requireRefused("POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", 400,
                   "HTTP/1.0");
}

TEST_CASE("http: Transfer-Encoding with OWS is chunked, with other whitespace refused") {
    // RFC 9110 §5.5: OWS around a field value is not part of it.
    requireAccepted(post + "Transfer-Encoding:  chunked  \r\n\r\n0\r\n\r\n");
    requireAccepted(post + "Transfer-Encoding:\tchunked\r\n\r\n0\r\n\r\n");
    // llhttp does not see "chunked<HTAB>" as chunked: where llhttp and the framing rules
    // disagree, the message is refused.
    requireRefused(post + "Transfer-Encoding: chunked\t\r\n\r\n0\r\n\r\n", 400, "disagree");
    requireAccepted(post + "Transfer-Encoding:chunked\r\n\r\n0\r\n\r\n");
    requireAccepted(post + "transfer-encoding: CHUNKED\r\n\r\n0\r\n\r\n");
    requireRefused(post + "Transfer-Encoding: chunked\x0b\r\n\r\n0\r\n\r\n", 400, "control");
    requireRefused(post + "Transfer-Encoding: chunked\x0c\r\n\r\n0\r\n\r\n", 400, "control");
    requireRefused(post + "Transfer-Encoding : chunked\r\n\r\n0\r\n\r\n", 400, "colon");
    requireRefused(post + "Transfer-Encoding:\r\n chunked\r\n\r\n0\r\n\r\n", 400, "folding");
}

TEST_CASE("http: chunk sizes overflowing are refused") {
    requireRefused(chunkedPost + "fffffffffffffffff\r\nx\r\n0\r\n\r\n", 400,
                   "chunk size too large");
    requireRefused(chunkedPost + "1000000000000000\r\nx\r\n0\r\n\r\n", 400, "chunk size too large");
    // Leading zeros do not count as significant digits.
    requireAccepted(chunkedPost + "00000000000000000001\r\nx\r\n0\r\n\r\n");
}

TEST_CASE("http: negative and non-hex chunk sizes are refused") {
    for (const char *size : {"-5", "5g", "0x5", " 5", "+5", "", "g"}) {
        INFO("size: " << size);
        requireRefused(chunkedPost + size + "\r\nhello\r\n0\r\n\r\n", 400, "chunk size");
    }
}

TEST_CASE("http: chunk extensions follow the grammar") {
    requireAccepted(chunkedPost + "5;a\r\nhello\r\n0\r\n\r\n");
    requireAccepted(chunkedPost + "5 ; a = b ;c=\"q \\\" d\"\r\nhello\r\n0;last\r\n\r\n");
    for (const char *ext : {"5;", "5 \r", "5;a=", "5;a \r", "5;=b", "5;a=\"open", "5;a=b c",
                            "5;a\x01", "5;a=\"\x7f\"", "5;a=b\"", "5;@"}) {
        QByteArray line(ext);
        if (line.endsWith('\r'))
            line.chop(1);
        INFO("line: " << line.toStdString());
        requireRefused(chunkedPost + line + "\r\nhello\r\n0\r\n\r\n", 400, "chunk");
    }
}

TEST_CASE("http: chunk extensions cannot hide line breaks") {
    requireRefused(chunkedPost + "5;a\nb\r\nhello\r\n0\r\n\r\n", 400, "bare LF");
    requireRefused(chunkedPost + "5;a\rb\r\nhello\r\n0\r\n\r\n", 400, "bare CR");
}

TEST_CASE("http: chunk data not followed by CRLF is refused") {
    requireRefused(chunkedPost + "5\r\nhelloXX0\r\n\r\n", 400, "not followed by CRLF");
    requireRefused(chunkedPost + "5\r\nhello\r0\r\n\r\n", 400, "not followed by CRLF");
    requireRefused(chunkedPost + "5\r\nhello\n0\r\n\r\n", 400, "not followed by CRLF");
}

TEST_CASE("http: a chunk-size line must end in CRLF") {
    requireRefused(chunkedPost + "5\nhello\r\n0\r\n\r\n", 400, "bare LF");
    requireRefused(chunkedPost + "5\rXhello\r\n0\r\n\r\n", 400, "bare CR");
    requireRefused(chunkedPost + "0\r\n\n", 400, "bare LF");
}

TEST_CASE("http: obs-fold (line folding) is refused") {
    requireRefused(post + "X-A: b\r\n c\r\n\r\n", 400, "folding");
    requireRefused(post + "X-A: b\r\n\tc\r\n\r\n", 400, "folding");
    requireRefused("GET / HTTP/1.1\r\n Host: a\r\n\r\n", 400, "folding");
}

TEST_CASE("http: a bare CR is refused") {
    requireRefused("GET / HTTP/1.1\r\nHost: a\r\nX-A: b\rc\r\n\r\n", 400, "bare CR");
    requireRefused("GET / HTTP/1.1\r\nHost: a\rX-B: c\r\n\r\n", 400, "bare CR");
    requireRefused("GET / HTTP/1.1\rHost: a\r\n\r\n", 400, "bare CR");
    requireRefused("GET / HTTP/1.1\r\nHost: a\r\n\rX", 400, "bare CR");
}

TEST_CASE("http: a bare LF line ending is refused (strict)") {
    requireRefused("GET / HTTP/1.1\nHost: a\n\n", 400, "bare LF");
    requireRefused("GET / HTTP/1.1\r\nHost: a\nX: y\r\n\r\n", 400, "bare LF");
    requireRefused("GET / HTTP/1.1\r\nHost: a\r\n\n", 400, "bare LF");
    requireRefused("\nGET / HTTP/1.1\r\nHost: a\r\n\r\n", 400, "bare LF");
}

TEST_CASE("http: NUL and control bytes in header values are refused") {
    requireRefused(QByteArray("GET / HTTP/1.1\r\nHost: a\r\nX-A: b\0c\r\n\r\n", 37), 400, "NUL");
    for (char c : {'\x01', '\x08', '\x0b', '\x0c', '\x1b', '\x7f'}) {
        INFO("byte " << int(c));
        requireRefused("GET / HTTP/1.1\r\nHost: a\r\nX-A: b" + QByteArray(1, c) + "c\r\n\r\n", 400,
                       "control");
    }
    requireAccepted("GET / HTTP/1.1\r\nHost: a\r\nX-A: b\tc\r\n\r\n");
}

TEST_CASE("http: NUL and control bytes in header names are refused") {
    requireRefused(QByteArray("GET / HTTP/1.1\r\nHost: a\r\nX\0A: b\r\n\r\n", 35), 400,
                   "header field name");
    requireRefused("GET / HTTP/1.1\r\nHost: a\r\nX\x01: b\r\n\r\n", 400, "header field name");
}

TEST_CASE("http: invalid method tokens are refused") {
    requireRefused(QByteArray("G\0T / HTTP/1.1\r\nHost: a\r\n\r\n", 27), 400, "method");
    requireRefused("G(T / HTTP/1.1\r\nHost: a\r\n\r\n", 400, "method");
    requireRefused(" GET / HTTP/1.1\r\nHost: a\r\n\r\n", 400, "method");
    requireRefused("GET\t/ HTTP/1.1\r\nHost: a\r\n\r\n", 400, "method");
}

TEST_CASE("http: unknown methods are 501") {
    requireRefused("FOO / HTTP/1.1\r\nHost: a\r\n\r\n", 501, "unknown request method");
    requireRefused("get / HTTP/1.1\r\nHost: a\r\n\r\n", 501, "unknown request method");
    requireRefused("GETX / HTTP/1.1\r\nHost: a\r\n\r\n", 501, "unknown request method");
}

TEST_CASE("http: whitespace between a header name and the colon is refused") {
    requireRefused("GET / HTTP/1.1\r\nHost : a\r\n\r\n", 400, "colon");
    requireRefused("GET / HTTP/1.1\r\nHost\t: a\r\n\r\n", 400, "colon");
    requireRefused(post + "Content-Length : 5\r\n\r\nhello", 400, "colon");
}

TEST_CASE("http: invalid header name characters are refused") {
    for (const char *line :
         {"Fo(o: a", "Fo@o: a", "Fo\x80o: a", "Fo o: a", ": a", "Foo", "Fo\"o: a", "[Foo]: a"}) {
        INFO("line: " << line);
        const std::optional<HttpParseError> e =
            requestError(QByteArray("GET / HTTP/1.1\r\nHost: a\r\n") + line + "\r\n\r\n");
        REQUIRE(e);
        CHECK(e->status == 400);
    }
}

TEST_CASE("http: HTTP versions other than 1.0 and 1.1 are 505") {
    for (const char *v : {"HTTP/1.2", "HTTP/2.0", "HTTP/0.9", "HTTP/3.1", "HTTP/9.9"}) {
        INFO("version: " << v);
        requireRefused(QByteArray("GET / ") + v + "\r\nHost: a\r\n\r\n", 505, "version");
    }
}

TEST_CASE("http: malformed HTTP versions are 400") {
    for (const char *v : {"HTTP/1.10", "HTTP/11.1", "http/1.1", "HTTP/1.1 ", "HTTP/1", "HTTP/1.",
                          "HTTP 1.1", "HTTP/a.b", "HTTP/1.1x"}) {
        INFO("version: " << v);
        const std::optional<HttpParseError> e =
            requestError(QByteArray("GET / ") + v + "\r\nHost: a\r\n\r\n");
        REQUIRE(e);
        CHECK(e->status == 400);
    }
    requireRefused("GET /\r\nHost: a\r\n\r\n", 400, "request target");
}

TEST_CASE("http: extra whitespace in the request line is refused") {
    requireRefused("GET  / HTTP/1.1\r\nHost: a\r\n\r\n", 400, "extra whitespace");
    const std::optional<HttpParseError> e = requestError("GET /  HTTP/1.1\r\nHost: a\r\n\r\n");
    REQUIRE(e);
    CHECK(e->status == 400);
}

TEST_CASE("http: control bytes, spaces and non-ASCII in the request target are refused") {
    for (const char *target : {"/a\tb", "/a\x0c", "/a\x80", "/a\x7f", "/caf\xc3\xa9"}) {
        INFO("target: " << target);
        requireRefused(QByteArray("GET ") + target + " HTTP/1.1\r\nHost: a\r\n\r\n", 400,
                       "request target");
    }
}

TEST_CASE("http: duplicate or missing Host is refused") {
    requireRefused("GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n", 400, "Host");
    requireRefused("GET / HTTP/1.1\r\n\r\n", 400, "Host");
    requireAccepted("GET / HTTP/1.0\r\n\r\n");
}

TEST_CASE("http: CONNECT and upgrade requests with a body are refused") {
    requireRefused("CONNECT a:443 HTTP/1.1\r\nHost: a:443\r\nContent-Length: 3\r\n\r\nabc", 400,
                   "CONNECT");
    requireRefused("GET / HTTP/1.1\r\nHost: a\r\nUpgrade: websocket\r\nConnection: upgrade\r\n"
                   "Content-Length: 3\r\n\r\nabc",
                   400, "upgrade");
}

TEST_CASE("http: malformed trailers are refused") {
    requireRefused(chunkedPost + "0\r\nX-T: 1\r\n folded\r\n\r\n", 400, "folding");
    requireRefused(chunkedPost + "0\r\nX T: 1\r\n\r\n", 400, "colon");
    requireRefused(chunkedPost + "0\r\nX-T: a\x01\r\n\r\n", 400, "control");
}

TEST_CASE("http: a response with duplicate Content-Length is refused") {
    const std::optional<HttpParseError> e =
        responseError("HTTP/1.1 200 OK\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nab");
    REQUIRE(e);
    CHECK(e->status == 502);
    CHECK(e->message.contains(QStringLiteral("Content-Length")));
}
