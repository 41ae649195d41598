// ResponseRewriter, head side: Location, Set-Cookie, dropped fields, hop-by-hop, 101.
#include "rewrite/responserewriter.h"
#include "rewritetesthelpers.h"

#include <QLoggingCategory>
#include <catch2/catch.hpp>

using namespace Qt::StringLiterals;
using pc::HttpHeaders;
using pc::Platform;
using pc::ResponseRewriter;
using namespace rt;

namespace {

pc::HttpResponseHead rewrittenHead(const pc::HttpResponseHead &head,
                                   Platform platform = Platform::Idrac9) {
    return ResponseRewriter(context(platform)).rewrite(head).head;
}

const Platform kAll[] = {Platform::Generic, Platform::Idrac8, Platform::Idrac9, Platform::Ilo5,
                         Platform::AsrockRack};

} // namespace

TEST_CASE("response: iDRAC9's absolute root redirect comes back to the gateway") {
    // bmcsim/firmware: Location built from Host, which the gateway set to the BMC's.
    const auto head = response(302,
                               {{"Location", "https://10.0.0.5/restgui/start.html"},
                                {"Strict-Transport-Security", "max-age=63072000"},
                                {"X-Frame-Options", "SAMEORIGIN"},
                                {"Content-Type", "application/x-gzip"}},
                               pc::HttpBodyFraming::Kind::Length, 0);
    for (Platform p : kAll) {
        INFO(pc::platformName(p).toStdString());
        const auto out = rewrittenHead(head, p);
        CHECK(out.headers ==
              HttpHeaders{{"Location", "https://gw.example.com:8443/restgui/start.html"},
                          {"X-Frame-Options", "SAMEORIGIN"},
                          {"Content-Type", "application/x-gzip"}});
    }
}

TEST_CASE("response: Location forms naming the BMC, and ones that do not") {
    struct Case {
        const char *sent;
        const char *expected;
    };
    const Case cases[] = {
        {"https://10.0.0.5/restgui/start.html", "https://gw.example.com:8443/restgui/start.html"},
        {"https://10.0.0.5:443/a?b=c#d", "https://gw.example.com:8443/a?b=c#d"},
        {"HTTPS://10.0.0.5", "https://gw.example.com:8443"},
        {"http://10.0.0.5/login.html", "https://gw.example.com:8443/login.html"},
        {"http://10.0.0.5:80/x", "https://gw.example.com:8443/x"},
        {"https://10.0.0.5?x=1", "https://gw.example.com:8443?x=1"},
        // Not the BMC's proxied origin: left alone.
        {"/restgui/start.html", "/restgui/start.html"},
        {"start.html", "start.html"},
        {"https://10.0.0.50/x", "https://10.0.0.50/x"},
        {"https://10.0.0.5:5900/vkvm/", "https://10.0.0.5:5900/vkvm/"},
        {"https://10.0.0.5.evil.example/", "https://10.0.0.5.evil.example/"},
        {"https://portal.example.com/done", "https://portal.example.com/done"},
        {"wss://10.0.0.5/x", "wss://10.0.0.5/x"},
    };
    for (const Case &c : cases) {
        INFO(c.sent);
        for (const char *name : {"Location", "Content-Location"}) {
            const auto out = rewrittenHead(response(302, {{name, c.sent}}));
            CHECK(out.headers.values(name) == QList<QByteArray>{c.expected});
        }
    }
}

TEST_CASE("response: Location for a BMC on another port, on IPv6, behind a plain-http side") {
    auto ctx = context(Platform::Generic, kPublicHost, true, u"10.0.0.8"_s, 8443);
    ResponseRewriter rw(ctx);
    CHECK(str(rw.rewriteUrl("https://10.0.0.8:8443/x")) == "https://gw.example.com:8443/x");
    CHECK(str(rw.rewriteUrl("https://10.0.0.8/x")) == "https://10.0.0.8/x"); // port 443: not it

    ctx = context(Platform::Generic, "gw.example.com", true, u"fd00::5"_s, 443);
    ResponseRewriter v6(ctx);
    CHECK(str(v6.rewriteUrl("https://[fd00::5]/x")) == "https://gw.example.com/x");
    CHECK(str(v6.rewriteUrl("https://[FD00:0::5]:443/x")) == "https://gw.example.com/x");
    CHECK(str(v6.rewriteUrl("https://[fd00::6]/x")) == "https://[fd00::6]/x");

    ctx = context(Platform::Generic, "127.0.0.1:41234", false);
    CHECK(str(ResponseRewriter(ctx).rewriteUrl("https://10.0.0.5/index.html")) ==
          "http://127.0.0.1:41234/index.html");
}

TEST_CASE("response: Set-Cookie with the BMC's Domain becomes host-only on the gateway") {
    const auto out = rewrittenHead(response(
        200,
        {{"Set-Cookie", "-http-session-=abc123; Path=/; Domain=10.0.0.5; Secure; HttpOnly"},
         {"X-Other", "1"},
         {"set-cookie", "sessionKey=k; domain=.10.0.0.5 ;Path=/"},
         {"Set-Cookie", "QSESSIONID=q; Expires=Wed, 21 Oct 2037 07:28:00 GMT; DOMAIN=bmc.example; "
                        "SameSite=None; Secure"}}));
    CHECK(out.headers ==
          HttpHeaders{{"Set-Cookie", "-http-session-=abc123; Path=/; Secure; HttpOnly"},
                      {"X-Other", "1"},
                      {"set-cookie", "sessionKey=k; Path=/"},
                      {"Set-Cookie", "QSESSIONID=q; Expires=Wed, 21 Oct 2037 "
                                     "07:28:00 GMT; SameSite=None; Secure"}});
}

TEST_CASE("response: Secure is kept only when the public side is https") {
    const auto head =
        response(200, {{"Set-Cookie", "SESSION=s; Path=/; Secure; HttpOnly; SameSite=None"},
                       {"Set-Cookie", "XSRF-TOKEN=t; Path=/; SameSite=Strict; secure"}});
    const auto secure = ResponseRewriter(context(Platform::Generic)).rewrite(head).head;
    CHECK(secure.headers.values("set-cookie") ==
          QList<QByteArray>{"SESSION=s; Path=/; Secure; HttpOnly; SameSite=None",
                            "XSRF-TOKEN=t; Path=/; SameSite=Strict; secure"});
    const auto plain =
        ResponseRewriter(context(Platform::Generic, "127.0.0.1:41234", false)).rewrite(head).head;
    CHECK(
        plain.headers.values("set-cookie") ==
        QList<QByteArray>{"SESSION=s; Path=/; HttpOnly", "XSRF-TOKEN=t; Path=/; SameSite=Strict"});
}

TEST_CASE("response: a BMC cannot set the gateway's pm-session cookie") {
    // Each attempt is logged as a warning; keep the test output quiet.
    QLoggingCategory::setFilterRules(u"pmproxy.rewrite.warning=false"_s);
    struct Restore {
        ~Restore() { QLoggingCategory::setFilterRules({}); }
    } restore;
    for (Platform p : kAll) {
        const auto out = rewrittenHead(response(200, {{"Set-Cookie", "pm-session=forged; Path=/"},
                                                      {"Set-Cookie", " pm-session =forged2"},
                                                      {"Set-Cookie", "pm-session2=ok"}}),
                                       p);
        CHECK(out.headers.values("set-cookie") == QList<QByteArray>{"pm-session2=ok"});
    }
}

TEST_CASE("response: HSTS and Alt-Svc are dropped, framing policy headers kept") {
    for (Platform p : kAll) {
        INFO(pc::platformName(p).toStdString());
        const auto out = rewrittenHead(
            response(200,
                     {{"Strict-Transport-Security", "max-age=31536000; includeSubDomains; preload"},
                      {"strict-transport-security", "max-age=1"},
                      {"Alt-Svc", "h3=\":443\""},
                      {"X-Frame-Options", "DENY"},
                      {"Content-Security-Policy", "default-src 'self'; connect-src 'self' wss:"},
                      {"X-Content-Type-Options", "nosniff"}}),
            p);
        CHECK(out.headers == HttpHeaders{{"X-Frame-Options", "DENY"},
                                         {"Content-Security-Policy",
                                          "default-src 'self'; connect-src 'self' wss:"},
                                         {"X-Content-Type-Options", "nosniff"}});
    }
}

TEST_CASE("response: no profile lets a BMC widen a service worker's scope") {
    for (Platform p : kAll) {
        INFO(pc::platformName(p).toStdString());
        const auto out = rewrittenHead(response(200, {{"Content-Type", "text/javascript"},
                                                      {"Service-Worker-Allowed", "/"},
                                                      {"service-worker-allowed", "/gpsession"}}),
                                       p);
        CHECK(out.headers == HttpHeaders{{"Content-Type", "text/javascript"}});
    }
}

TEST_CASE("response: hop-by-hop fields are removed") {
    const auto out = rewrittenHead(response(200, {{"Connection", "keep-alive, X-Hop"},
                                                  {"Keep-Alive", "timeout=5, max=100"},
                                                  {"X-Hop", "1"},
                                                  {"Transfer-Encoding", "chunked"},
                                                  {"Content-Type", "image/png"},
                                                  {"Content-Length", "7"}}));
    CHECK(out.headers == HttpHeaders{{"Content-Type", "image/png"}, {"Content-Length", "7"}});
}

TEST_CASE("response: 101 keeps the upgrade and the negotiated subprotocol") {
    const auto head = response(101,
                               {{"Upgrade", "websocket"},
                                {"Connection", "upgrade"},
                                {"Sec-WebSocket-Accept", "s3pPLMBiTxaQ9kYGzzhZRbK+xOo="},
                                {"Sec-WebSocket-Protocol", "binary"},
                                {"Sec-WebSocket-Extensions", "permessage-deflate"}},
                               pc::HttpBodyFraming::Kind::None);
    const auto result = ResponseRewriter(context(Platform::Idrac9)).rewrite(head);
    CHECK(result.plan == ResponseRewriter::BodyPlan::PassThrough);
    CHECK(result.head.headers ==
          HttpHeaders{{"Sec-WebSocket-Accept", "s3pPLMBiTxaQ9kYGzzhZRbK+xOo="},
                      {"Sec-WebSocket-Protocol", "binary"},
                      {"Sec-WebSocket-Extensions", "permessage-deflate"},
                      {"Upgrade", "websocket"},
                      {"Connection", "Upgrade"}});
}
