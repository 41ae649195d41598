// Endpoint (origins, authorities, absolute URLs) and RewriteContext creation.
#include "rewrite/endpoint.h"
#include "rewrite/rewritecontext.h"
#include "rewritetesthelpers.h"

#include <catch2/catch.hpp>

using namespace Qt::StringLiterals;
using pc::Endpoint;
using rt::str;

TEST_CASE("endpoint: authorities with and without ports, IPv6 in brackets") {
    auto e = Endpoint::fromAuthority("gw.example.com:8443", "https");
    REQUIRE(e);
    CHECK(str(e->host()) == "gw.example.com");
    CHECK(e->port() == 8443);
    CHECK(str(e->authority()) == "gw.example.com:8443");
    CHECK(str(e->origin()) == "https://gw.example.com:8443");

    e = Endpoint::fromAuthority("gw.example.com", "https");
    REQUIRE(e);
    CHECK(e->port() == 443);
    CHECK(str(e->authority()) == "gw.example.com");
    CHECK(str(e->authorityWithPort()) == "gw.example.com:443");

    e = Endpoint::fromAuthority("gw.example.com:443", "https");
    REQUIRE(e);
    CHECK(str(e->authority()) == "gw.example.com"); // default port left out

    e = Endpoint::fromAuthority("127.0.0.1:8080", "http");
    REQUIRE(e);
    CHECK(str(e->origin()) == "http://127.0.0.1:8080");

    e = Endpoint::fromAuthority("[fd00::5]:8443", "https");
    REQUIRE(e);
    CHECK(str(e->bareHost()) == "fd00::5");
    CHECK(str(e->host()) == "[fd00::5]");
    CHECK(str(e->origin()) == "https://[fd00::5]:8443");
}

TEST_CASE("endpoint: malformed authorities are refused") {
    for (const char *bad :
         {"", ":8443", "gw.example.com:", "gw.example.com:0", "gw.example.com:65536",
          "gw.example.com:+1", "gw.example.com:84a", "user@gw.example.com", "gw example.com",
          "fd00::5", "[fd00::5", "[10.0.0.5]", "[fd00::5%eth0]", "[fd00::5]x", "gw.example.com/x",
          "gw.example.com\r\nX: y", "127.1"}) {
        INFO(bad);
        CHECK_FALSE(Endpoint::fromAuthority(bad, "https"));
    }
    CHECK_FALSE(Endpoint::fromAuthority("gw.example.com", "ftp"));
}

TEST_CASE("endpoint: origins and URL splitting keep the rest byte for byte") {
    auto o = Endpoint::fromOrigin("https://gw.example.com:8443");
    REQUIRE(o);
    CHECK(o->port() == 8443);
    CHECK_FALSE(Endpoint::fromOrigin("https://gw.example.com:8443/"));
    CHECK_FALSE(Endpoint::fromOrigin("null"));
    CHECK_FALSE(Endpoint::fromOrigin("gw.example.com"));

    auto s = Endpoint::splitUrl("https://10.0.0.5/restgui/start.html?a=%7B1%7D#frag");
    REQUIRE(s);
    CHECK(str(s->endpoint.bareHost()) == "10.0.0.5");
    CHECK(str(s->rest) == "/restgui/start.html?a=%7B1%7D#frag");
    s = Endpoint::splitUrl("HTTPS://10.0.0.5:443?x");
    REQUIRE(s);
    CHECK(str(s->endpoint.scheme()) == "https");
    CHECK(str(s->rest) == "?x");
    CHECK_FALSE(Endpoint::splitUrl("/restgui/start.html"));
    CHECK_FALSE(Endpoint::splitUrl("javascript://10.0.0.5/"));
}

TEST_CASE("endpoint: same host ignores case and a trailing dot, compares IPv6 as addresses") {
    const Endpoint bmc("https", "BMC1.example.net", 443);
    CHECK(bmc.sameHost(QByteArrayView("bmc1.example.net.")));
    CHECK_FALSE(bmc.sameHost(QByteArrayView("bmc1.example.net.evil")));
    const Endpoint v6("https", "fd00::5", 443);
    CHECK(v6.sameHost(QByteArrayView("[FD00:0:0::5]")));
    CHECK_FALSE(v6.sameHost(QByteArrayView("fd00::6")));
    CHECK(v6.sameOrigin(Endpoint("HTTPS", "[fd00:0::5]", 443)));
    CHECK_FALSE(v6.sameOrigin(Endpoint("https", "fd00::5", 8443)));
    CHECK_FALSE(v6.sameOrigin(Endpoint("http", "fd00::5", 443)));
}

TEST_CASE("context: public side from the Host header, BMC from the token") {
    auto ctx = pc::RewriteContext::create("gw.example.com:8443", true, u"10.0.0.5", 443,
                                          pc::Platform::Idrac9, "198.51.100.7");
    REQUIRE(ctx);
    CHECK(str(ctx->publicSide.origin()) == "https://gw.example.com:8443");
    CHECK(str(ctx->bmc.origin()) == "https://10.0.0.5");
    CHECK(ctx->publicSecure());
    CHECK(ctx->platform == pc::Platform::Idrac9);
    CHECK(str(ctx->clientAddress) == "198.51.100.7");

    ctx = pc::RewriteContext::create("127.0.0.1:41234", false, u"fd00::5", 8443,
                                     pc::Platform::Generic, "::ffff:192.0.2.1");
    REQUIRE(ctx);
    CHECK(str(ctx->publicSide.origin()) == "http://127.0.0.1:41234");
    CHECK_FALSE(ctx->publicSecure());
    CHECK(str(ctx->bmc.origin()) == "https://[fd00::5]:8443");
    CHECK(str(ctx->clientAddress) == "192.0.2.1"); // IPv4-mapped written as IPv4

    ctx = pc::RewriteContext::create("gw", true, u"[fd00::5]", 443, pc::Platform::Generic);
    REQUIRE(ctx);
    CHECK(str(ctx->bmc.authority()) == "[fd00::5]");
}

TEST_CASE("context: a bad Host header or BMC address is refused with a code") {
    auto ctx = pc::RewriteContext::create("", true, u"10.0.0.5", 443, pc::Platform::Generic);
    REQUIRE_FALSE(ctx);
    CHECK(ctx.error().code == u"bad_host"_s);
    ctx = pc::RewriteContext::create("gw\r\nX-Evil: 1", true, u"10.0.0.5", 443,
                                     pc::Platform::Generic);
    REQUIRE_FALSE(ctx);
    CHECK(ctx.error().code == u"bad_host"_s);
    for (const QString &bad : {u""_s, u"10.0.0.5/x"_s, u"fd00::5%eth0"_s, u"bmc example"_s}) {
        INFO(bad.toStdString());
        ctx = pc::RewriteContext::create("gw", true, bad, 443, pc::Platform::Generic);
        REQUIRE_FALSE(ctx);
        CHECK(ctx.error().code == u"bad_target"_s);
    }
    ctx = pc::RewriteContext::create("gw", true, u"10.0.0.5", 0, pc::Platform::Generic);
    REQUIRE_FALSE(ctx);
    CHECK(ctx.error().code == u"bad_target"_s);
    CHECK(ctx.error().toJson().value(u"error"_s).toString() == u"bad_target"_s);
}
