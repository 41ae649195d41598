#include "httptestsupport.h"

#include <catch2/catch.hpp>

using namespace pc;
using namespace pc::test;

namespace {

// A request line of exactly `length` bytes (without CRLF).
QByteArray requestLine(qsizetype length) {
    const QByteArray prefix = "GET /";
    const QByteArray suffix = " HTTP/1.1";
    return prefix + QByteArray(length - prefix.size() - suffix.size(), 'a') + suffix;
}

// A header section of `count` fields and exactly `bytes` bytes (lines with CRLF).
QByteArray headerSection(qsizetype count, qsizetype bytes) {
    QByteArray out = "Host: a\r\n";
    for (qsizetype i = 1; i < count - 1; ++i)
        out += "X-" + QByteArray::number(i) + ": v\r\n";
    REQUIRE(out.size() + 9 <= bytes);
    // Pad the last field's value up to the wanted size.
    out += "X-Pad: " + QByteArray(bytes - out.size() - 9, 'p') + "\r\n";
    REQUIRE(out.size() == bytes);
    return out;
}

} // namespace

TEST_CASE("http: a request line of exactly 8 KiB is accepted, one byte more is 414") {
    CHECK_FALSE(requestError(requestLine(8192) + "\r\nHost: a\r\n\r\n"));
    const std::optional<HttpParseError> e = requestError(requestLine(8193) + "\r\nHost: a\r\n\r\n");
    REQUIRE(e);
    CHECK(e->status == 414);
}

TEST_CASE("http: a status line over the limit is refused") {
    const QByteArray reason8k(8192 - 13, 'r');
    CHECK_FALSE(responseError("HTTP/1.1 200 " + reason8k + "\r\nContent-Length: 0\r\n\r\n"));
    const std::optional<HttpParseError> e =
        responseError("HTTP/1.1 200 " + reason8k + "r\r\nContent-Length: 0\r\n\r\n");
    REQUIRE(e);
    CHECK(e->status == 502);
    CHECK(e->message.contains(QStringLiteral("status line too long")));
}

TEST_CASE("http: 100 header fields are accepted, 101 are 431") {
    CHECK_FALSE(requestError("GET / HTTP/1.1\r\n" + headerSection(100, 2000) + "\r\n"));
    const std::optional<HttpParseError> e =
        requestError("GET / HTTP/1.1\r\n" + headerSection(101, 2000) + "\r\n");
    REQUIRE(e);
    CHECK(e->status == 431);
    CHECK(e->message.contains(QStringLiteral("too many")));
}

TEST_CASE("http: a header section of exactly 64 KiB is accepted, one byte more is 431") {
    CHECK_FALSE(requestError("GET / HTTP/1.1\r\n" + headerSection(10, 65536) + "\r\n"));
    const std::optional<HttpParseError> e =
        requestError("GET / HTTP/1.1\r\n" + headerSection(10, 65537) + "\r\n");
    REQUIRE(e);
    CHECK(e->status == 431);
    CHECK(e->message.contains(QStringLiteral("header section too large")));
}

TEST_CASE("http: limits are configurable") {
    HttpLimits limits;
    limits.maxStartLineBytes = 100;
    limits.maxHeaderBytes = 200;
    limits.maxHeaderCount = 3;
    CHECK_FALSE(requestError(requestLine(100) + "\r\n" + headerSection(3, 200) + "\r\n", limits));
    CHECK(requestError(requestLine(101) + "\r\nHost: a\r\n\r\n", limits)->status == 414);
    CHECK(requestError("GET / HTTP/1.1\r\n" + headerSection(3, 201) + "\r\n", limits)->status ==
          431);
    CHECK(requestError("GET / HTTP/1.1\r\n" + headerSection(4, 150) + "\r\n", limits)->status ==
          431);
}

TEST_CASE("http: the 80 KiB header section cap applies above configured limits") {
    HttpLimits limits;
    limits.maxHeaderBytes = 200 * 1024;
    CHECK_FALSE(requestError("GET / HTTP/1.1\r\n" + headerSection(10, 80000) + "\r\n", limits));
    const std::optional<HttpParseError> e =
        requestError("GET / HTTP/1.1\r\n" + headerSection(10, 90000) + "\r\n", limits);
    REQUIRE(e);
    CHECK(e->status == 431);
}

TEST_CASE("http: trailer fields count against the header limits") {
    HttpLimits limits;
    limits.maxHeaderCount = 2;
    const QByteArray head =
        "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n1\r\nx\r\n0\r\n";
    CHECK_FALSE(requestError(head + "A: 1\r\nB: 2\r\n\r\n", limits));
    const std::optional<HttpParseError> e =
        requestError(head + "A: 1\r\nB: 2\r\nC: 3\r\n\r\n", limits);
    REQUIRE(e);
    CHECK(e->status == 431);
}

TEST_CASE("http: a chunk-size line with extensions is bounded") {
    const QByteArray head = "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n";
    const auto line = [](qsizetype length) { return "1;e=" + QByteArray(length - 4, 'x'); };
    CHECK_FALSE(requestError(head + line(1024) + "\r\nx\r\n0\r\n\r\n"));
    const std::optional<HttpParseError> e = requestError(head + line(1025) + "\r\nx\r\n0\r\n\r\n");
    REQUIRE(e);
    CHECK(e->status == 400);
    CHECK(e->message.contains(QStringLiteral("too long")));
}

TEST_CASE("http: bodies over maxBodyBytes are 413") {
    HttpLimits limits;
    limits.maxBodyBytes = 10;
    CHECK_FALSE(
        requestError("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 10\r\n\r\n0123456789", limits));
    CHECK(
        requestError("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 11\r\n\r\n01234567890", limits)
            ->status == 413);
    const QByteArray chunked = "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n";
    CHECK_FALSE(requestError(chunked + "5\r\n01234\r\n5\r\n56789\r\n0\r\n\r\n", limits));
    CHECK(requestError(chunked + "5\r\n01234\r\n6\r\n567890\r\n0\r\n\r\n", limits)->status == 413);

    RunOptions o;
    o.limits = limits;
    o.finish = true;
    const RunResult eof = runResponse("HTTP/1.1 200 OK\r\n\r\n01234567890", o);
    REQUIRE(eof.error);
    CHECK(eof.error->status == 502);
    CHECK(eof.error->message.contains(QStringLiteral("too large")));
}

TEST_CASE("http: only a few empty lines may precede a request") {
    CHECK_FALSE(requestError("\r\n\r\n\r\n\r\nGET / HTTP/1.1\r\nHost: a\r\n\r\n"));
    CHECK(requestError("\r\n\r\n\r\n\r\n\r\nGET / HTTP/1.1\r\nHost: a\r\n\r\n")->status == 400);
}
