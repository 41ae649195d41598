#include "http/httpheaders.h"

#include <catch2/catch.hpp>

using pc::HttpHeaders;

namespace {

QList<QByteArray> names(const HttpHeaders &h) {
    QList<QByteArray> out;
    for (const HttpHeaders::Field &f : h)
        out.append(f.name);
    return out;
}

} // namespace

TEST_CASE("http: headers keep order, spelling and repeats") {
    HttpHeaders h;
    h.append("Host", "a");
    h.append("X-Thing", "1");
    h.append("x-thing", "2");
    REQUIRE(h.count() == 3);
    CHECK(names(h) == QList<QByteArray>{"Host", "X-Thing", "x-thing"});
    CHECK(h.at(2).value == "2");
    CHECK(h.countOf("X-THING") == 2);
    CHECK(h.values("x-Thing") == QList<QByteArray>{"1", "2"});
    CHECK(h.combinedValue("X-Thing") == "1, 2");
}

TEST_CASE("http: header lookup is case-insensitive and value() gives the first") {
    HttpHeaders h{{"Content-Type", "text/html"}, {"Set-Cookie", "a=1"}, {"set-cookie", "b=2"}};
    CHECK(h.contains("content-type"));
    CHECK(h.contains("CONTENT-TYPE"));
    CHECK_FALSE(h.contains("content-typ"));
    CHECK(h.value("SET-COOKIE") == "a=1");
    CHECK(h.value("missing").isNull());
    CHECK(h.values("missing").isEmpty());
    CHECK(h.combinedValue("missing").isEmpty());
}

TEST_CASE("http: set replaces every field of the name at the first one's place") {
    HttpHeaders h{{"A", "1"}, {"b", "2"}, {"C", "3"}, {"B", "4"}};
    h.set("B", "new");
    CHECK(names(h) == QList<QByteArray>{"A", "B", "C"});
    CHECK(h.value("b") == "new");
    h.set("D", "appended");
    CHECK(names(h) == QList<QByteArray>{"A", "B", "C", "D"});
}

TEST_CASE("http: remove drops every field of the name") {
    HttpHeaders h{{"A", "1"}, {"b", "2"}, {"B", "3"}};
    CHECK(h.remove("B") == 2);
    CHECK(names(h) == QList<QByteArray>{"A"});
    CHECK(h.remove("B") == 0);
    h.remove("a");
    CHECK(h.isEmpty());
}

TEST_CASE("http: connection tokens are split, trimmed and lowercased") {
    HttpHeaders h{{"Connection", "Keep-Alive, Upgrade"}, {"connection", " ,X-Foo\t,, close "}};
    CHECK(h.connectionTokens() == QList<QByteArray>{"keep-alive", "upgrade", "x-foo", "close"});
    CHECK(HttpHeaders{}.connectionTokens().isEmpty());
}

TEST_CASE("http: removeHopByHop drops RFC 9110 hop-by-hop fields and those named in Connection") {
    HttpHeaders h{{"Host", "bmc"},
                  {"Connection", "keep-alive, X-Secret"},
                  {"Keep-Alive", "timeout=5"},
                  {"Proxy-Connection", "keep-alive"},
                  {"TE", "trailers"},
                  {"Trailer", "X-T"},
                  {"Transfer-Encoding", "chunked"},
                  {"Upgrade", "websocket"},
                  {"Proxy-Authenticate", "Basic"},
                  {"Proxy-Authorization", "Basic Zm9vOmJhcg=="},
                  {"x-secret", "1"},
                  {"Cookie", "a=b"},
                  {"Authorization", "Bearer t"}};
    h.removeHopByHop();
    CHECK(names(h) == QList<QByteArray>{"Host", "Cookie", "Authorization"});
}

TEST_CASE("http: removeHopByHop keeps Content-Length even when Connection names it") {
    HttpHeaders h{
        {"Content-Length", "5"}, {"Connection", "content-length, cookie"}, {"Cookie", "a"}};
    h.removeHopByHop();
    CHECK(names(h) == QList<QByteArray>{"Content-Length"});
}

TEST_CASE("http: headers compare by fields in order") {
    const HttpHeaders a{{"A", "1"}, {"B", "2"}};
    CHECK(a == HttpHeaders{{"A", "1"}, {"B", "2"}});
    CHECK_FALSE(a == HttpHeaders{{"B", "2"}, {"A", "1"}});
    CHECK_FALSE(a == HttpHeaders{{"a", "1"}, {"B", "2"}});
}
