// ResponseRewriter, body side: when a body is rewritten, and what each profile's
// patterns do to real pages (iDRAC9's vconsole JSON, iLO5 pages, JSON-escaped URLs).
#include "rewrite/bodypatterns.h"
#include "rewrite/responserewriter.h"
#include "rewritetesthelpers.h"

#include <catch2/catch.hpp>

using namespace Qt::StringLiterals;
using pc::HttpBodyFraming;
using pc::HttpHeaders;
using pc::Platform;
using pc::ResponseRewriter;
using namespace rt;

namespace {

ResponseRewriter::Result rewrite(const pc::HttpResponseHead &head,
                                 Platform platform = Platform::Idrac9) {
    return ResponseRewriter(context(platform)).rewrite(head);
}

pc::BodyRewriter filterFor(const pc::RewriteContext &ctx) {
    return pc::BodyRewriter(
        pc::BodyPatterns::build(ctx, pc::PlatformProfile::forPlatform(ctx.platform).body));
}

// The vconsole answer as bmcsim and DSPEC §6 give it (port named even when 443).
const QByteArray kVconsole =
    "{\"Location\":\"https://10.0.0.5:443/restgui/vconsole/index.html?ip=10.0.0.5&kvmport=443"
    "&title=bmcsim&VCSID=123456789012345678901234&VCSID2=432109876543210987654321\"}";
const QByteArray kVconsoleRewritten =
    "{\"Location\":\"https://gw.example.com:8443/restgui/vconsole/index.html?ip=gw.example.com"
    "&kvmport=8443&title=bmcsim&VCSID=123456789012345678901234&VCSID2=432109876543210987654321\"}";

} // namespace

TEST_CASE("response body: iDRAC9 vconsole JSON names the gateway, at every split point") {
    auto result = rewrite(response(200,
                                   {{"Content-Type", "application/json"},
                                    {"Content-Length", QByteArray::number(kVconsole.size())}},
                                   HttpBodyFraming::Kind::Length, quint64(kVconsole.size())));
    REQUIRE(result.plan == ResponseRewriter::BodyPlan::Rewrite);
    REQUIRE(result.body.has_value());
    CHECK_FALSE(result.head.headers.contains("content-length"));
    CHECK(result.head.framing.kind == HttpBodyFraming::Kind::Chunked);
    const pc::BodyRewriter &prototype = *result.body;
    CHECK(str(filterWhole(prototype, kVconsole)) == str(kVconsoleRewritten));
    CHECK(str(filterBytewise(prototype, kVconsole)) == str(kVconsoleRewritten));
    for (qsizetype at = 0; at <= kVconsole.size(); ++at) {
        INFO("split at " << at);
        REQUIRE(str(filterSplit(prototype, kVconsole, at)) == str(kVconsoleRewritten));
    }
}

TEST_CASE("response body: which bodies are rewritten") {
    struct Case {
        int status;
        HttpHeaders headers;
        HttpBodyFraming::Kind kind;
        quint64 length;
        bool rewritten;
    };
    using K = HttpBodyFraming::Kind;
    const Case cases[] = {
        {200, {{"Content-Type", "text/html; charset=utf-8"}}, K::Length, 10, true},
        {200, {{"Content-Type", "Application/JSON"}}, K::Chunked, 0, true},
        {200, {{"Content-Type", "application/javascript"}}, K::UntilEof, 0, true},
        {200, {{"Content-Type", "text/javascript"}}, K::Length, 10, true},
        {200, {{"Content-Type", "text/xml"}}, K::Length, 10, true},
        {200, {{"Content-Type", "text/css"}}, K::Length, 10, true},
        {404, {{"Content-Type", "text/html"}}, K::Length, 10, true},
        {200,
         {{"Content-Type", "text/html"}, {"Content-Encoding", "identity"}},
         K::Length,
         10,
         true},
        // gzip/deflate: decoded, then rewritten; other codings pass through byte for byte.
        {200, {{"Content-Type", "text/html"}, {"Content-Encoding", "gzip"}}, K::Length, 10, true},
        {200, {{"Content-Type", "text/html"}, {"Content-Encoding", "X-Gzip"}}, K::Chunked, 0, true},
        {200,
         {{"Content-Type", "application/json"}, {"Content-Encoding", "deflate"}},
         K::UntilEof,
         0,
         true},
        {200,
         {{"Content-Type", "application/javascript"}, {"Content-Encoding", "br"}},
         K::Chunked,
         0,
         false},
        {200, {{"Content-Type", "text/html"}, {"Content-Encoding", "zstd"}}, K::Length, 10, false},
        {200,
         {{"Content-Type", "text/html"}, {"Content-Encoding", "gzip, gzip"}},
         K::Length,
         10,
         false},
        {200, {{"Content-Type", "image/png"}, {"Content-Encoding", "gzip"}}, K::Length, 10, false},
        {200, {{"Content-Type", "application/x-gzip"}}, K::Length, 10, false},
        {200, {{"Content-Type", "image/png"}}, K::Length, 10, false},
        {200, {{"Content-Type", "application/octet-stream"}}, K::UntilEof, 0, false},
        {200, {}, K::Length, 10, false},
        {200, {{"Content-Type", "text/html"}}, K::Length, 0, false}, // empty body
        {200, {{"Content-Type", "text/html"}}, K::None, 0, false},   // HEAD
        {204, {{"Content-Type", "text/html"}}, K::None, 0, false},
        {304, {{"Content-Type", "text/html"}}, K::None, 0, false},
        {206,
         {{"Content-Type", "text/html"}, {"Content-Range", "bytes 0-9/20"}},
         K::Length,
         10,
         false},
    };
    int index = 0;
    for (const Case &c : cases) {
        INFO("case " << index++);
        HttpHeaders headers = c.headers;
        if (c.kind == K::Length)
            headers.append("Content-Length", QByteArray::number(c.length));
        const auto result = rewrite(response(c.status, headers, c.kind, c.length));
        CHECK((result.plan == ResponseRewriter::BodyPlan::Rewrite) == c.rewritten);
        CHECK(result.body.has_value() == c.rewritten);
        if (c.rewritten) {
            CHECK_FALSE(result.head.headers.contains("content-length"));
        } else {
            CHECK(result.head.framing.kind == c.kind);
            CHECK(result.head.headers.contains("content-length") == (c.kind == K::Length));
        }
    }
}

TEST_CASE("response body: profiles without body rules never touch bodies") {
    for (Platform p : {Platform::Generic, Platform::AsrockRack}) {
        const auto result =
            rewrite(response(200, {{"Content-Type", "text/html"}, {"Content-Length", "10"}}), p);
        CHECK(result.plan == ResponseRewriter::BodyPlan::PassThrough);
        CHECK(str(result.head.headers.value("content-length")) == "10");
        CHECK(str(result.why) == "profile has no body rules");
    }
    for (Platform p : {Platform::Idrac8, Platform::Idrac9, Platform::Ilo5})
        CHECK(rewrite(response(200, {{"Content-Type", "text/html"}}), p).plan ==
              ResponseRewriter::BodyPlan::Rewrite);
}

TEST_CASE("response body: absolute, JSON-escaped and WebSocket URLs of the BMC") {
    const QByteArray body =
        "<script>var a='https://10.0.0.5/json/x', b=\"wss://10.0.0.5/wss/ircport\";"
        "var "
        "c={\"u\":\"https:\\/\\/10.0.0.5\\/redfish\\/v1\",\"w\":\"wss:\\/\\/10.0.0.5:443\\/k\"};"
        "var d='https://10.0.0.5:443'; var e='https://10.0.0.50/'; var f='https://10.0.0.5:5900/';"
        "var g='https://10.0.0.5.nip.io/'; var h='http://10.0.0.5/';</script>";
    const QByteArray expected =
        "<script>var a='https://gw.example.com:8443/json/x', "
        "b=\"wss://gw.example.com:8443/wss/ircport\";"
        "var c={\"u\":\"https:\\/\\/gw.example.com:8443\\/redfish\\/v1\","
        "\"w\":\"wss:\\/\\/gw.example.com:8443\\/k\"};"
        "var d='https://gw.example.com:8443'; var e='https://10.0.0.50/'; "
        "var f='https://10.0.0.5:5900/';"
        "var g='https://10.0.0.5.nip.io/'; var h='http://10.0.0.5/';</script>";
    const auto prototype = filterFor(context(Platform::Ilo5));
    CHECK(str(filterWhole(prototype, body)) == str(expected));
    CHECK(str(filterBytewise(prototype, body)) == str(expected));
    for (qsizetype at = 0; at <= body.size(); ++at) {
        INFO("split at " << at);
        REQUIRE(str(filterSplit(prototype, body, at)) == str(expected));
    }
    // iLO5 has no console parameters: ip= stays.
    CHECK(str(filterWhole(prototype, "?ip=10.0.0.5")) == "?ip=10.0.0.5");
}

TEST_CASE("response body: console parameters only on iDRAC9, guarded against look-alikes") {
    const auto idrac9 = filterFor(context(Platform::Idrac9));
    CHECK(str(filterWhole(idrac9, "a?ip=10.0.0.5&amp;kvmport=443&x")) ==
          "a?ip=gw.example.com&amp;kvmport=8443&x");
    CHECK(str(filterWhole(idrac9, "vip=10.0.0.5 client_ip=10.0.0.5 ip=10.0.0.55 kvmport=4430 "
                                  "xkvmport=443")) ==
          "vip=10.0.0.5 client_ip=10.0.0.5 ip=10.0.0.55 kvmport=4430 xkvmport=443");
    CHECK(str(filterWhole(filterFor(context(Platform::Idrac8)), "?ip=10.0.0.5&kvmport=443")) ==
          "?ip=10.0.0.5&kvmport=443");
}

TEST_CASE("response body: plain-http public side, default public port, BMC port, IPv6, names") {
    auto ctx = context(Platform::Idrac9, "127.0.0.1:41234", false);
    CHECK(str(filterWhole(filterFor(ctx), "https://10.0.0.5/a wss://10.0.0.5/b ip=10.0.0.5 "
                                          "kvmport=443")) ==
          "http://127.0.0.1:41234/a ws://127.0.0.1:41234/b ip=127.0.0.1 kvmport=41234");

    ctx = context(Platform::Idrac9, "gw.example.com", true);
    CHECK(str(filterWhole(filterFor(ctx), "https://10.0.0.5:443/x kvmport=443")) ==
          "https://gw.example.com/x kvmport=443");

    // A BMC on 8443: https://H (port 443) is another service and stays.
    ctx = context(Platform::Idrac9, kPublicHost, true, u"10.0.0.8"_s, 8443);
    CHECK(str(filterWhole(filterFor(ctx), "https://10.0.0.8:8443/a https://10.0.0.8/b "
                                          "kvmport=8443")) ==
          "https://gw.example.com:8443/a https://10.0.0.8/b kvmport=8443");

    ctx = context(Platform::Idrac9, kPublicHost, true, u"FD00:0::5"_s, 443);
    CHECK(str(filterWhole(filterFor(ctx), "https://[FD00:0::5]/a https://[fd00::5]:443/b "
                                          "ip=fd00::5&ip=[fd00::5]&ip=fd00::5:1")) ==
          "https://gw.example.com:8443/a https://gw.example.com:8443/b "
          "ip=gw.example.com&ip=gw.example.com&ip=fd00::5:1");

    ctx = context(Platform::Ilo5, kPublicHost, true, u"ILO-1.mgmt.example"_s, 443);
    CHECK(str(filterWhole(filterFor(ctx), "https://ilo-1.mgmt.example/ https://ILO-1.mgmt.example/ "
                                          "https://ilo-1.mgmt.example.org/")) ==
          "https://gw.example.com:8443/ https://gw.example.com:8443/ "
          "https://ilo-1.mgmt.example.org/");
}

TEST_CASE("response body: a gzip or deflate text body is decoded and sent uncompressed") {
    const pc::HttpResponseHead gz = response(200,
                                             {{"Content-Type", "text/html"},
                                              {"Content-Encoding", "gzip"},
                                              {"Vary", "Accept-Encoding"},
                                              {"Content-Length", "40"}},
                                             HttpBodyFraming::Kind::Length, 40);
    for (Platform p : {Platform::Idrac8, Platform::Idrac9, Platform::Ilo5}) {
        const auto result = rewrite(gz, p);
        CHECK(result.plan == ResponseRewriter::BodyPlan::Rewrite);
        REQUIRE(result.decode.has_value());
        CHECK(*result.decode == pc::ContentDecoder::Coding::Gzip);
        CHECK_FALSE(result.head.headers.contains("content-encoding"));
        CHECK_FALSE(result.head.headers.contains("content-length"));
        CHECK(str(result.head.headers.value("vary")) == "Accept-Encoding");
        CHECK(str(result.why) == "rewrite (gzip decoded)");
    }
    // Profiles without body rules: compressed bodies stay as they are.
    for (Platform p : {Platform::Generic, Platform::AsrockRack}) {
        const auto result = rewrite(gz, p);
        CHECK(result.plan == ResponseRewriter::BodyPlan::PassThrough);
        CHECK_FALSE(result.decode.has_value());
        CHECK(str(result.head.headers.value("content-encoding")) == "gzip");
        CHECK(str(result.head.headers.value("content-length")) == "40");
    }
    // br has no decoder: passed through (and logged).
    const auto br = rewrite(response(
        200, {{"Content-Type", "text/html"}, {"Content-Encoding", "br"}, {"Content-Length", "40"}},
        HttpBodyFraming::Kind::Length, 40));
    CHECK(br.plan == ResponseRewriter::BodyPlan::PassThrough);
    CHECK(str(br.head.headers.value("content-encoding")) == "br");
    CHECK(str(br.head.headers.value("content-length")) == "40");
}

TEST_CASE("response body: HEAD and 304 of a compressed text body describe the decoded one") {
    const auto head = rewrite(response(
        200,
        {{"Content-Type", "text/html"}, {"Content-Encoding", "gzip"}, {"Content-Length", "40"}},
        HttpBodyFraming::Kind::None, 0));
    CHECK(head.plan == ResponseRewriter::BodyPlan::PassThrough);
    CHECK_FALSE(head.decode.has_value());
    CHECK_FALSE(head.head.headers.contains("content-encoding"));
    CHECK_FALSE(head.head.headers.contains("content-length"));
    const auto notModified =
        rewrite(response(304, {{"Content-Type", "text/html"}, {"Content-Encoding", "deflate"}},
                         HttpBodyFraming::Kind::None, 0));
    CHECK_FALSE(notModified.head.headers.contains("content-encoding"));
    const auto image =
        rewrite(response(200, {{"Content-Type", "image/png"}, {"Content-Encoding", "gzip"}},
                         HttpBodyFraming::Kind::None, 0));
    CHECK(str(image.head.headers.value("content-encoding")) == "gzip");
}
