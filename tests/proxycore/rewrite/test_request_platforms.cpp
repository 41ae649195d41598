// RequestRewriter, platform by platform: the browser's request as sent is refused by the
// emulated BMC's checks (bmcsim), the rewritten one carries exactly the BMC-facing values.
#include "rewrite/requestrewriter.h"
#include "rewritetesthelpers.h"

#include <catch2/catch.hpp>

using namespace Qt::StringLiterals;
using pc::HttpHeaders;
using pc::Platform;
using pc::RequestRewriter;
using namespace rt;

namespace {

pc::HttpRequestHead rewritten(Platform platform, const pc::HttpRequestHead &head) {
    return RequestRewriter(context(platform)).rewrite(head);
}

const HttpHeaders kForwarded{{"X-Forwarded-For", "198.51.100.7"},
                             {"X-Forwarded-Proto", "https"},
                             {"X-Forwarded-Host", "gw.example.com:8443"}};

HttpHeaders plus(HttpHeaders headers, const HttpHeaders &more) {
    for (const auto &f : more)
        headers.append(f.name, f.value);
    return headers;
}

} // namespace

TEST_CASE("request idrac9: login POST gets exactly the BMC's Host, Origin and Referer") {
    const auto raw = request("POST", "/sysmgmt/2015/bmc/session",
                             {{"Host", "gw.example.com:8443"},
                              {"Connection", "keep-alive"},
                              {"Content-Length", "0"},
                              {"user", "\"root\""},
                              {"password", "\"calvin\""},
                              {"Origin", "https://gw.example.com:8443"},
                              {"Referer", "https://gw.example.com:8443/restgui/start.html?lang=en"},
                              {"Accept-Encoding", "gzip, deflate, br"},
                              {"Cookie", "pm-session=SECRET-TOKEN; -http-session-=abc"}});
    CHECK(simRefusals(Platform::Idrac9, raw) ==
          QStringList{u"host-mismatch"_s, u"origin-mismatch"_s, u"referer-mismatch"_s});

    const auto out = rewritten(Platform::Idrac9, raw);
    CHECK(str(out.method) == "POST");
    CHECK(str(out.target) == "/sysmgmt/2015/bmc/session");
    CHECK(out.headers == plus({{"Host", "10.0.0.5"},
                               {"Content-Length", "0"},
                               {"user", "\"root\""},
                               {"password", "\"calvin\""},
                               {"Origin", "https://10.0.0.5"},
                               {"Referer", "https://10.0.0.5/restgui/start.html?lang=en"},
                               {"Accept-Encoding", "gzip, deflate"},
                               {"Cookie", "-http-session-=abc"}},
                              kForwarded));
    CHECK(simRefusals(Platform::Idrac9, out).isEmpty());
}

TEST_CASE("request idrac9: /restgui/ always asks for gzip, other paths are left alone") {
    struct Case {
        const char *sent; // nullptr: no Accept-Encoding
        const char *expected;
    };
    const Case cases[] = {
        // br and others are dropped first: iDRAC9's bodies are rewritten (see below).
        {nullptr, "gzip, deflate"},
        {"br", "identity, gzip"},
        {"identity", "identity, gzip"},
        {"gzip;q=0, br", "identity, gzip"},
        {"gzip, deflate, br", "gzip, deflate"},
        {"br;q=1.0, GZIP;q=0.5", "GZIP;q=0.5"},
        {"x-gzip", "x-gzip"},
    };
    for (const Case &c : cases) {
        INFO((c.sent ? c.sent : "(none)"));
        HttpHeaders headers{{"Host", kPublicHost}};
        if (c.sent)
            headers.append("Accept-Encoding", c.sent);
        const auto raw = request("GET", "/restgui/js/app.js", headers);
        const auto out = rewritten(Platform::Idrac9, raw);
        CHECK(str(out.headers.value("accept-encoding")) == c.expected);
        CHECK(out.headers.countOf("accept-encoding") == 1);
        CHECK(simRefusals(Platform::Idrac9, out).isEmpty());
    }
    const auto raw = request("GET", "/restgui/start.html", {{"Host", kPublicHost}});
    CHECK(simRefusals(Platform::Idrac9, raw).contains(u"gzip-required"_s));
    // Not below /restgui/, or not iDRAC9: nothing added.
    CHECK_FALSE(rewritten(Platform::Idrac9,
                          request("GET", "/sysmgmt/2015/bmc/info", {{"Host", kPublicHost}}))
                    .headers.contains("accept-encoding"));
    CHECK_FALSE(
        rewritten(Platform::Idrac9, request("GET", "/restguix/a.js", {{"Host", kPublicHost}}))
            .headers.contains("accept-encoding"));
    for (Platform p : {Platform::Generic, Platform::Idrac8, Platform::Ilo5, Platform::AsrockRack})
        CHECK_FALSE(rewritten(p, request("GET", "/restgui/start.html", {{"Host", kPublicHost}}))
                        .headers.contains("accept-encoding"));
}

TEST_CASE("request: profiles that rewrite bodies offer the BMC only codings gatewayd decodes") {
    struct Case {
        const char *sent;
        const char *expected;
    };
    const Case cases[] = {
        {"gzip, deflate, br, zstd", "gzip, deflate"}, // Chromium
        {"gzip, deflate, br", "gzip, deflate"},       // Firefox
        {"br", "identity"},
        {"*", "identity"},
        {"gzip;q=0, br", "gzip;q=0, identity"},
        {"identity;q=1, *;q=0", "identity;q=1"},
        {"deflate;q=0.5, x-gzip", "deflate;q=0.5, x-gzip"},
        {"GZIP", "GZIP"},
    };
    for (const Case &c : cases) {
        INFO(c.sent);
        CHECK(str(RequestRewriter::acceptEncodingDecodable(c.sent)) == c.expected);
        for (Platform p : {Platform::Idrac8, Platform::Ilo5}) {
            const auto out =
                rewritten(p, request("GET", "/index.html",
                                     {{"Host", kPublicHost}, {"Accept-Encoding", c.sent}}));
            CHECK(str(out.headers.value("accept-encoding")) == c.expected);
        }
        // No body rules: the browser's choice stands.
        for (Platform p : {Platform::Generic, Platform::AsrockRack}) {
            const auto out =
                rewritten(p, request("GET", "/index.html",
                                     {{"Host", kPublicHost}, {"Accept-Encoding", c.sent}}));
            CHECK(str(out.headers.value("accept-encoding")) == c.sent);
        }
    }
    // Absent stays absent (a request without preferences; BMCs then send identity).
    CHECK_FALSE(rewritten(Platform::Ilo5, request("GET", "/", {{"Host", kPublicHost}}))
                    .headers.contains("accept-encoding"));
}

TEST_CASE("request idrac9: console upgrade keeps subprotocol and key, addresses the BMC") {
    const auto raw = upgrade("/vnc/vconsole?vck=123456789012345678901234",
                             {{"Sec-WebSocket-Protocol", "binary"}});
    const auto out = rewritten(Platform::Idrac9, raw);
    CHECK(out.isWebSocketUpgrade());
    CHECK(str(out.target) == "/vnc/vconsole?vck=123456789012345678901234");
    CHECK(str(out.headers.value("host")) == "10.0.0.5");
    CHECK(str(out.headers.value("origin")) == "https://10.0.0.5");
    CHECK(str(out.headers.value("sec-websocket-protocol")) == "binary");
    CHECK(str(out.headers.value("sec-websocket-key")) == "dGhlIHNhbXBsZSBub25jZQ==");
    CHECK(str(out.headers.value("sec-websocket-version")) == "13");
    CHECK(str(out.headers.value("sec-websocket-extensions")) ==
          "permessage-deflate; client_max_window_bits");
    CHECK(simRefusals(Platform::Idrac9, out).isEmpty());
}

TEST_CASE("request idrac8: form login to a BMC on a non-default port") {
    const auto ctx = context(Platform::Idrac8, kPublicHost, true, u"10.0.0.8"_s, 8443);
    const auto raw = request("POST", "/data/login",
                             {{"Host", kPublicHost},
                              {"Content-Type", "application/x-www-form-urlencoded"},
                              {"Content-Length", "25"},
                              {"Origin", kPublicOrigin},
                              {"Referer", "https://gw.example.com:8443/login.html"}});
    CHECK(simRefusals(Platform::Idrac8, raw, "10.0.0.8:8443").size() == 3);
    const auto out = RequestRewriter(ctx).rewrite(raw);
    CHECK(out.headers == plus({{"Host", "10.0.0.8:8443"},
                               {"Content-Type", "application/x-www-form-urlencoded"},
                               {"Content-Length", "25"},
                               {"Origin", "https://10.0.0.8:8443"},
                               {"Referer", "https://10.0.0.8:8443/login.html"}},
                              kForwarded));
    CHECK(simRefusals(Platform::Idrac8, out, "10.0.0.8:8443").isEmpty());
}

TEST_CASE("request ilo5: sessionKey cookie becomes X-Auth-Token on /redfish/, /rest/, /json/") {
    for (const char *path : {"/redfish/v1/Managers/1/", "/rest/v1/Systems/1", "/json/rc_info",
                             "/json/session_info?x=1"}) {
        INFO(path);
        const auto raw = request(
            "GET", path,
            {{"Host", kPublicHost}, {"Cookie", "pm-session=TOK; sessionKey=0123abcd; irc=html5"}});
        const auto out = rewritten(Platform::Ilo5, raw);
        CHECK(str(out.headers.value("x-auth-token")) == "0123abcd");
        CHECK(out.headers.countOf("x-auth-token") == 1);
        CHECK(str(out.headers.value("cookie")) == "sessionKey=0123abcd; irc=html5");
        CHECK(simRefusals(Platform::Ilo5, out).isEmpty());
    }
    const auto redfish = request("GET", "/redfish/v1/Managers/1/",
                                 {{"Host", kPublicHost}, {"Cookie", "sessionKey=0123abcd"}});
    CHECK(simRefusals(Platform::Ilo5, redfish).contains(u"x-auth-token-missing"_s));
}

TEST_CASE("request ilo5: X-Auth-Token only on the listed prefixes and never overriding") {
    for (const char *path : {"/", "/index.html", "/html/application.html", "/js/iLO.js",
                             "/redfishx/v1", "/json", "/sse/ui", "/wss/ircport"}) {
        INFO(path);
        const auto raw =
            request("GET", path, {{"Host", kPublicHost}, {"Cookie", "sessionKey=0123abcd"}});
        CHECK_FALSE(rewritten(Platform::Ilo5, raw).headers.contains("x-auth-token"));
    }
    // An explicit header wins, whatever its spelling.
    const auto raw = request(
        "GET", "/redfish/v1/Systems/1/",
        {{"Host", kPublicHost}, {"x-auth-token", "explicit"}, {"Cookie", "sessionKey=fromcookie"}});
    const auto out = rewritten(Platform::Ilo5, raw);
    CHECK(out.headers.countOf("x-auth-token") == 1);
    CHECK(str(out.headers.value("X-Auth-Token")) == "explicit");
    // No sessionKey, no header; an empty one neither.
    CHECK_FALSE(rewritten(Platform::Ilo5,
                          request("GET", "/json/x", {{"Host", kPublicHost}, {"Cookie", "other=1"}}))
                    .headers.contains("x-auth-token"));
    CHECK_FALSE(
        rewritten(Platform::Ilo5,
                  request("GET", "/json/x", {{"Host", kPublicHost}, {"Cookie", "sessionKey="}}))
            .headers.contains("x-auth-token"));
    // Cookie names are case-sensitive.
    CHECK_FALSE(
        rewritten(Platform::Ilo5,
                  request("GET", "/json/x", {{"Host", kPublicHost}, {"Cookie", "sessionkey=0123"}}))
            .headers.contains("x-auth-token"));
    // Other platforms never do it.
    for (Platform p : {Platform::Generic, Platform::Idrac9, Platform::AsrockRack})
        CHECK_FALSE(rewritten(p, request("GET", "/redfish/v1/",
                                         {{"Host", kPublicHost}, {"Cookie", "sessionKey=k"}}))
                        .headers.contains("x-auth-token"));
}

TEST_CASE("request ilo5: the console upgrade says exactly Connection: Upgrade") {
    for (const char *sent : {"Upgrade", "upgrade", "keep-alive, Upgrade", "UPGRADE"}) {
        INFO(sent);
        const auto raw =
            upgrade("/wss/ircport", {{"Connection", sent}, {"Cookie", "sessionKey=0123abcd"}});
        if (QByteArray(sent) != "Upgrade")
            CHECK(simRefusals(Platform::Ilo5, raw).contains(u"connection-upgrade-case"_s));
        const auto out = rewritten(Platform::Ilo5, raw);
        CHECK(out.headers.values("connection") == QList<QByteArray>{"Upgrade"});
        CHECK(out.headers.values("upgrade") == QList<QByteArray>{"websocket"});
        CHECK_FALSE(out.headers.contains("sec-websocket-protocol")); // none offered, none added
        CHECK(str(out.headers.value("cookie")) == "sessionKey=0123abcd");
        CHECK(simRefusals(Platform::Ilo5, out).isEmpty());
    }
}

TEST_CASE("request asrockrack: /kvm upgrade carries the BMC's Origin") {
    const auto raw = upgrade("/kvm", {{"Sec-WebSocket-Protocol", "binary, base64"},
                                      {"Cookie", "QSESSIONID=q1; pm-session=T"}});
    CHECK(simRefusals(Platform::AsrockRack, raw) == QStringList{u"origin-mismatch"_s});
    const auto out = rewritten(Platform::AsrockRack, raw);
    CHECK(str(out.headers.value("origin")) == "https://10.0.0.5");
    CHECK(str(out.headers.value("sec-websocket-protocol")) == "binary, base64");
    CHECK(str(out.headers.value("cookie")) == "QSESSIONID=q1");
    CHECK(simRefusals(Platform::AsrockRack, out).isEmpty());

    // A client that sent no Origin at all gets the BMC's on /kvm and /kvm/video only.
    auto bare = upgrade("/kvm/video");
    bare.headers.remove("origin");
    CHECK(str(rewritten(Platform::AsrockRack, bare).headers.value("origin")) == "https://10.0.0.5");
    auto elsewhere = upgrade("/other");
    elsewhere.headers.remove("origin");
    CHECK_FALSE(rewritten(Platform::AsrockRack, elsewhere).headers.contains("origin"));
    CHECK_FALSE(rewritten(Platform::Generic, bare).headers.contains("origin"));
    // Plain requests never get one.
    CHECK_FALSE(rewritten(Platform::AsrockRack, request("GET", "/kvm", {{"Host", kPublicHost}}))
                    .headers.contains("origin"));
}

TEST_CASE("request generic: the basics only, subprotocol token passed through") {
    const auto raw = upgrade("/kvm/0", {{"Sec-WebSocket-Protocol", "b2a1f3e4d5c6"},
                                        {"Cookie", "SESSION=s; XSRF-TOKEN=b2a1f3e4d5c6"}});
    const auto out = rewritten(Platform::Generic, raw);
    CHECK(str(out.headers.value("host")) == "10.0.0.5");
    CHECK(str(out.headers.value("origin")) == "https://10.0.0.5");
    CHECK(str(out.headers.value("connection")) == "Upgrade");
    CHECK(str(out.headers.value("sec-websocket-protocol")) == "b2a1f3e4d5c6");
    CHECK(str(out.headers.value("cookie")) == "SESSION=s; XSRF-TOKEN=b2a1f3e4d5c6");
    CHECK(str(out.headers.value("x-forwarded-proto")) == "https");
}
