// RequestRewriter, the platform-neutral part: the gateway's cookie, X-Forwarded-*,
// Origin/Referer policy, hop-by-hop fields and upgrades, targets.
#include "rewrite/requestrewriter.h"
#include "rewritetesthelpers.h"

#include <catch2/catch.hpp>

using namespace Qt::StringLiterals;
using pc::HttpHeaders;
using pc::Platform;
using pc::RequestRewriter;
using namespace rt;

namespace {

pc::HttpRequestHead rewritten(const pc::HttpRequestHead &head,
                              Platform platform = Platform::Generic) {
    return RequestRewriter(context(platform)).rewrite(head);
}

pc::HttpRequestHead withCookies(const QList<QByteArray> &cookieFields) {
    HttpHeaders headers{{"Host", kPublicHost}};
    for (const QByteArray &value : cookieFields)
        headers.append("Cookie", value);
    return request("GET", "/", headers);
}

} // namespace

TEST_CASE("request: the pm-session cookie is never forwarded, other cookies are") {
    const Platform platforms[] = {Platform::Generic, Platform::Idrac8, Platform::Idrac9,
                                  Platform::Ilo5, Platform::AsrockRack};
    for (Platform p : platforms) {
        INFO(pc::platformName(p).toStdString());
        auto out = rewritten(withCookies({"pm-session=SECRET"}), p);
        CHECK_FALSE(out.headers.contains("cookie")); // emptied field dropped
        out = rewritten(withCookies({"a=1; pm-session=SECRET; b=2"}), p);
        CHECK(out.headers.values("cookie") == QList<QByteArray>{"a=1; b=2"});
        out = rewritten(withCookies({"pm-session=S1;pm-session=S2 ;c=3"}), p);
        CHECK(out.headers.values("cookie") == QList<QByteArray>{"c=3"});
        out = rewritten(withCookies({"a=1", "pm-session=SECRET", "b=2; pm-session=S"}), p);
        CHECK(out.headers.values("cookie") == QList<QByteArray>{"a=1", "b=2"});
        for (const auto &field : out.headers)
            CHECK_FALSE(field.value.contains("SECRET"));
    }
    // Look-alike names are other cookies; untouched fields keep their bytes.
    auto out = rewritten(withCookies({"xpm-session=1;pm-session2=2;PM-SESSION=3"}));
    CHECK(out.headers.values("cookie") ==
          QList<QByteArray>{"xpm-session=1;pm-session2=2;PM-SESSION=3"});
}

TEST_CASE("request: the gateway cookie name comes from the context") {
    auto ctx = context(Platform::Generic);
    ctx.gatewayCookie = "gw-sid";
    const auto out = RequestRewriter(ctx).rewrite(withCookies({"gw-sid=1; pm-session=2"}));
    CHECK(out.headers.values("cookie") == QList<QByteArray>{"pm-session=2"});
}

TEST_CASE("request: X-Forwarded-For appends the client to the chain, Proto and Host are set") {
    auto out = rewritten(request("GET", "/", {{"Host", kPublicHost}}));
    CHECK(str(out.headers.value("x-forwarded-for")) == "198.51.100.7");
    out = rewritten(request("GET", "/",
                            {{"Host", kPublicHost},
                             {"X-Forwarded-For", "203.0.113.1"},
                             {"x-forwarded-for", "203.0.113.2, 10.1.1.1"},
                             {"X-Forwarded-Proto", "http"},
                             {"X-Forwarded-Host", "evil.example"}}));
    CHECK(out.headers.values("x-forwarded-for") ==
          QList<QByteArray>{"203.0.113.1, 203.0.113.2, 10.1.1.1, 198.51.100.7"});
    CHECK(out.headers.values("x-forwarded-proto") == QList<QByteArray>{"https"});
    CHECK(out.headers.values("x-forwarded-host") == QList<QByteArray>{"gw.example.com:8443"});

    // The app's loopback proxy: plain http, default port left out of the host.
    auto ctx =
        pc::RewriteContext::create("127.0.0.1", false, u"10.0.0.5", 443, Platform::Generic, "");
    REQUIRE(ctx);
    out = RequestRewriter(*ctx).rewrite(request("GET", "/", {{"Host", "127.0.0.1"}}));
    CHECK_FALSE(out.headers.contains("x-forwarded-for")); // no client address known
    CHECK(str(out.headers.value("x-forwarded-proto")) == "http");
    CHECK(str(out.headers.value("x-forwarded-host")) == "127.0.0.1");
}

TEST_CASE("request: Origin of the gateway becomes the BMC's, any other stays") {
    struct Case {
        const char *sent;
        const char *expected;
    };
    const Case cases[] = {
        {"https://gw.example.com:8443", "https://10.0.0.5"},
        {"https://GW.Example.COM:8443", "https://10.0.0.5"},
        {"https://evil.example", "https://evil.example"},
        {"https://gw.example.com", "https://gw.example.com"},         // another port
        {"http://gw.example.com:8443", "http://gw.example.com:8443"}, // another scheme
        {"null", "null"},
    };
    for (const Case &c : cases) {
        INFO(c.sent);
        const auto out =
            rewritten(request("POST", "/x", {{"Host", kPublicHost}, {"Origin", c.sent}}));
        CHECK(out.headers.values("origin") == QList<QByteArray>{c.expected});
    }
}

TEST_CASE("request: Referer below the gateway moves to the BMC, a foreign one is dropped") {
    struct Case {
        const char *sent;
        const char *expected; // nullptr: dropped
    };
    const Case cases[] = {
        {"https://gw.example.com:8443/restgui/index.html?a=1&b=%2F#x",
         "https://10.0.0.5/restgui/index.html?a=1&b=%2F#x"},
        {"https://gw.example.com:8443/", "https://10.0.0.5/"},
        {"https://gw.example.com:8443", "https://10.0.0.5/"},
        {"https://gw.example.com:8443?q", "https://10.0.0.5/?q"},
        {"https://portal.example.com/servers/42", nullptr},
        {"https://gw.example.com:8443.evil.example/", nullptr},
        {"not a url", nullptr},
    };
    for (const Case &c : cases) {
        INFO(c.sent);
        const auto out = rewritten(
            request("GET", "/x", {{"Host", kPublicHost}, {"Referer", c.sent}}), Platform::Idrac9);
        if (c.expected)
            CHECK(out.headers.values("referer") == QList<QByteArray>{c.expected});
        else
            CHECK_FALSE(out.headers.contains("referer"));
        CHECK(simRefusals(Platform::Idrac9, out).isEmpty());
    }
}

TEST_CASE("request: Host always names the BMC, IPv6 in brackets, port when not 443") {
    auto ctx = context(Platform::Generic, kPublicHost, true, u"fd00::5"_s, 443);
    auto out = RequestRewriter(ctx).rewrite(request("GET", "/", {{"Host", kPublicHost}}));
    CHECK(out.headers.values("host") == QList<QByteArray>{"[fd00::5]"});
    ctx = context(Platform::Generic, kPublicHost, true, u"bmc1.mgmt.example"_s, 8443);
    out = RequestRewriter(ctx).rewrite(
        request("GET", "/", {{"Host", kPublicHost}, {"host", "dup.example"}}));
    CHECK(out.headers.values("host") == QList<QByteArray>{"bmc1.mgmt.example:8443"});
    // No Host at all (HTTP/1.0): one is added.
    out = RequestRewriter(ctx).rewrite(request("GET", "/", {}));
    CHECK(out.headers.values("host") == QList<QByteArray>{"bmc1.mgmt.example:8443"});
}

TEST_CASE("request: hop-by-hop fields go, Content-Length stays") {
    const auto raw = request("POST", "/data/login",
                             {{"Host", kPublicHost},
                              {"Connection", "keep-alive, X-Private"},
                              {"Keep-Alive", "timeout=5"},
                              {"X-Private", "hop"},
                              {"TE", "trailers"},
                              {"Transfer-Encoding", "chunked"},
                              {"Proxy-Authorization", "Basic eHg6eXk="},
                              {"Proxy-Connection", "keep-alive"},
                              {"Upgrade", "h2c"},
                              {"Content-Length", "10"},
                              {"Accept", "*/*"}});
    const auto out = rewritten(raw);
    for (const char *gone : {"connection", "keep-alive", "x-private", "te", "transfer-encoding",
                             "proxy-authorization", "proxy-connection", "upgrade"}) {
        INFO(gone);
        CHECK_FALSE(out.headers.contains(gone));
    }
    CHECK(str(out.headers.value("content-length")) == "10");
    CHECK(str(out.headers.value("accept")) == "*/*");
    CHECK_FALSE(out.isUpgrade());
}

TEST_CASE("request: only WebSocket upgrades stay upgrades") {
    auto h2c = request("GET", "/",
                       {{"Host", kPublicHost},
                        {"Connection", "Upgrade, HTTP2-Settings"},
                        {"Upgrade", "h2c"},
                        {"HTTP2-Settings", "AAMAAABkAAQCAAAAAAIAAAAA"}});
    auto out = rewritten(h2c);
    CHECK_FALSE(out.headers.contains("upgrade"));
    CHECK_FALSE(out.headers.contains("connection"));
    CHECK_FALSE(out.headers.contains("http2-settings"));

    // A POST "upgrade" to websocket is no WebSocket handshake.
    auto post = upgrade("/kvm");
    post.method = "POST";
    CHECK_FALSE(rewritten(post).headers.contains("upgrade"));

    // The real thing, Firefox-style Connection value.
    out = rewritten(
        upgrade("/kvm/0", {{"Connection", "keep-alive, Upgrade"}, {"Upgrade", "WebSocket"}}));
    CHECK(out.isWebSocketUpgrade());
    CHECK(out.headers.values("upgrade") == QList<QByteArray>{"WebSocket"});
    CHECK(out.headers.values("connection") == QList<QByteArray>{"Upgrade"});
}

TEST_CASE("request: the profile's Connection spelling is data") {
    pc::PlatformProfile profile = pc::PlatformProfile::forPlatform(Platform::Ilo5);
    profile.request.upgradeConnection = "upgrade";
    const auto out = RequestRewriter(context(Platform::Ilo5), profile).rewrite(upgrade("/wss/x"));
    CHECK(out.headers.values("connection") == QList<QByteArray>{"upgrade"});
}

TEST_CASE("request: targets stay as sent, absolute-form becomes origin-form") {
    CHECK(str(rewritten(request("GET", "/a/b?c=%2F&d#", {{"Host", kPublicHost}})).target) ==
          "/a/b?c=%2F&d#");
    CHECK(
        str(rewritten(request("GET", "https://gw.example.com:8443/x?y=1", {{"Host", kPublicHost}}))
                .target) == "/x?y=1");
    CHECK(str(rewritten(request("GET", "https://gw.example.com:8443?y=1", {{"Host", kPublicHost}}))
                  .target) == "/?y=1");
    CHECK(str(rewritten(request("GET", "http://gw.example.com", {{"Host", kPublicHost}})).target) ==
          "/");
    CHECK(str(RequestRewriter::pathOf("/json/x?y#z")) == "/json/x");
}

TEST_CASE("request: Accept-Encoding helper") {
    CHECK(str(RequestRewriter::acceptEncodingWithGzip("")) == "gzip, deflate");
    CHECK(str(RequestRewriter::acceptEncodingWithGzip(" , ")) == "gzip");
    CHECK(str(RequestRewriter::acceptEncodingWithGzip("gzip;q=0.000")) == "gzip");
    CHECK(str(RequestRewriter::acceptEncodingWithGzip("gzip; q=0.1")) == "gzip; q=0.1");
    CHECK(str(RequestRewriter::acceptEncodingWithGzip("*")) == "*, gzip");
}
