// WorkerCompat: X-PM-Host/X-PM-Port and /websocket/{ip}/{port}/{path}?headers=BASE64(JSON),
// every refusal included.
#include "rewrite/requestrewriter.h"
#include "rewrite/workercompat.h"
#include "rewritetesthelpers.h"

#include <catch2/catch.hpp>

using namespace Qt::StringLiterals;
using pc::HttpHeaders;
using pc::WorkerCompat;
using namespace rt;

namespace {

std::string codeOf(const QByteArray &target) {
    const auto parsed = WorkerCompat::parseWebSocket(target);
    return parsed ? std::string("ok") : parsed.error().code.toStdString();
}

QByteArray b64(const QByteArray &json) {
    return json.toBase64();
}

QByteArray wsTarget(const QByteArray &encodedHeaders) {
    return "/websocket/10.0.0.5/443/wss/ircport?headers=" + encodedHeaders;
}

std::string headerCode(HttpHeaders headers) {
    const auto taken = WorkerCompat::takeHeaderTarget(headers);
    CHECK_FALSE(headers.contains("x-pm-host")); // stripped, refused or not
    CHECK_FALSE(headers.contains("x-pm-port"));
    return taken ? std::string("ok") : taken.error().code.toStdString();
}

} // namespace

TEST_CASE("worker compat: X-PM-Host and X-PM-Port name the target and are stripped") {
    HttpHeaders headers{{"Host", kPublicHost}, {"X-PM-Host", " 10.0.0.5 "}, {"Accept", "*/*"}};
    auto taken = WorkerCompat::takeHeaderTarget(headers);
    REQUIRE(taken);
    REQUIRE(taken->has_value());
    CHECK((*taken)->host == u"10.0.0.5"_s);
    CHECK((*taken)->port == 443);
    CHECK(headers == HttpHeaders{{"Host", kPublicHost}, {"Accept", "*/*"}});

    headers = {{"x-pm-port", "8443"}, {"x-pm-host", "bmc1.mgmt.example"}};
    taken = WorkerCompat::takeHeaderTarget(headers);
    REQUIRE(taken);
    CHECK((*taken)->host == u"bmc1.mgmt.example"_s);
    CHECK((*taken)->port == 8443);
    CHECK(headers.isEmpty());

    for (const char *v6 : {"fd00::5", "[fd00::5]"}) {
        headers = {{"X-PM-Host", v6}};
        taken = WorkerCompat::takeHeaderTarget(headers);
        REQUIRE(taken);
        CHECK((*taken)->host == u"fd00::5"_s);
    }

    // Neither header: nothing to do, nothing touched.
    headers = {{"Host", kPublicHost}};
    taken = WorkerCompat::takeHeaderTarget(headers);
    REQUIRE(taken);
    CHECK_FALSE(taken->has_value());
    CHECK(headers == HttpHeaders{{"Host", kPublicHost}});
}

TEST_CASE("worker compat: X-PM-Host/X-PM-Port refusals") {
    CHECK(headerCode({{"X-PM-Port", "443"}}) == "bad_target");
    CHECK(headerCode({{"X-PM-Host", "10.0.0.5"}, {"X-PM-Host", "10.0.0.6"}}) == "bad_target");
    CHECK(headerCode({{"X-PM-Host", "10.0.0.5"}, {"X-PM-Port", "1"}, {"X-PM-Port", "2"}}) ==
          "bad_target");
    for (const char *host : {"", "10.0.0.5/x", "bmc one", "fd00::5%eth0", "[10.0.0.5]",
                             "10.0.0.5:443", "http://10.0.0.5", "127.1"}) {
        INFO(host);
        CHECK(headerCode({{"X-PM-Host", host}}) == "bad_target");
    }
    for (const char *port : {"", "0", "65536", "-1", "+443", "44 3", "0x1bb", "443.0", "999999"}) {
        INFO(port);
        CHECK(headerCode({{"X-PM-Host", "10.0.0.5"}, {"X-PM-Port", port}}) == "bad_port");
    }
}

TEST_CASE("worker compat: /websocket/ path, port, BMC path and the remaining query") {
    const QByteArray json = R"({"Cookie":"sessionKey=abc","Origin":"https://10.0.0.5"})";
    auto ws = WorkerCompat::parseWebSocket(
        "/websocket/10.0.0.5/443/vnc/vconsole?vck=1234&headers=" + b64(json) + "&x=%2F");
    REQUIRE(ws);
    CHECK(ws->target.host == u"10.0.0.5"_s);
    CHECK(ws->target.port == 443);
    CHECK(str(ws->bmcTarget) == "/vnc/vconsole?vck=1234&x=%2F");
    CHECK(ws->headers == HttpHeaders{{"Cookie", "sessionKey=abc"}, {"Origin", "https://10.0.0.5"}});
    CHECK(ws->ignored.isEmpty());

    ws = WorkerCompat::parseWebSocket("/websocket/bmc.example/8443");
    REQUIRE(ws);
    CHECK(ws->target.port == 8443);
    CHECK(str(ws->bmcTarget) == "/");
    CHECK(ws->headers.isEmpty());
    ws = WorkerCompat::parseWebSocket("/websocket/bmc.example/8443/?a=b");
    REQUIRE(ws);
    CHECK(str(ws->bmcTarget) == "/?a=b");

    for (const char *v6 : {"/websocket/%5Bfd00%3A%3A5%5D/443/kvm", "/websocket/fd00::5/443/kvm",
                           "/websocket/[fd00::5]/443/kvm"}) {
        INFO(v6);
        ws = WorkerCompat::parseWebSocket(v6);
        REQUIRE(ws);
        CHECK(ws->target.host == u"fd00::5"_s);
        CHECK(str(ws->bmcTarget) == "/kvm");
    }
    CHECK(WorkerCompat::isWebSocketTarget("/websocket/x"));
    CHECK_FALSE(WorkerCompat::isWebSocketTarget("/websockets/x"));
}

TEST_CASE("worker compat: base64 standard or url-safe, padded or not, percent-encoded") {
    // '>' and '?' bytes make '+' and '/' in the standard alphabet.
    const QByteArray json = R"({"Sec-WebSocket-Protocol":"binary","X-Note":">?>?>?>?x"})";
    const QByteArray standard = json.toBase64();
    REQUIRE((standard.contains('+') && standard.contains('/') && standard.endsWith('=')));
    const QByteArray url =
        json.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
    QByteArray unpadded = standard;
    while (unpadded.endsWith('='))
        unpadded.chop(1);
    const QByteArray percent = standard.toPercentEncoding();
    REQUIRE(percent.contains("%2B"));
    for (const QByteArray &encoded : {standard, unpadded, url, url + "=", percent}) {
        INFO(encoded.toStdString());
        const auto ws = WorkerCompat::parseWebSocket(wsTarget(encoded));
        REQUIRE(ws);
        CHECK(ws->headers ==
              HttpHeaders{{"Sec-WebSocket-Protocol", "binary"}, {"X-Note", ">?>?>?>?x"}});
    }
    CHECK(WorkerCompat::decodeBase64("YQ") == QByteArray("a"));
    CHECK(WorkerCompat::decodeBase64("YQ==") == QByteArray("a"));
}

TEST_CASE("worker compat: every refusal of /websocket/ requests") {
    const QByteArray ok = b64(R"({"Cookie":"a=b"})");
    CHECK(codeOf(wsTarget(ok)) == "ok");
    // The path.
    CHECK(codeOf("/websockets/10.0.0.5/443/x") == "bad_websocket_path");
    CHECK(codeOf("/websocket/") == "bad_websocket_path");
    CHECK(codeOf("/websocket//443/x") == "bad_websocket_path");
    CHECK(codeOf("/websocket/10.0.0.5") == "bad_websocket_path");
    CHECK(codeOf("/websocket/10.0.0.5/443/x?headers=" + ok + "&headers=" + ok) ==
          "bad_websocket_path");
    CHECK(codeOf("/websocket/10.0.0.5%2Fx/443/x") == "bad_target");
    CHECK(codeOf("/websocket/bmc%0d%0aX:1/443/x") == "bad_target");
    CHECK(codeOf("/websocket/fd00::5%25eth0/443/x") == "bad_target");
    // The port.
    for (const char *port : {"0", "65536", "http", "-1", "4430000", "44%33"}) {
        INFO(port);
        CHECK(codeOf("/websocket/10.0.0.5/" + QByteArray(port) + "/x") == "bad_port");
    }
    CHECK(codeOf("/websocket/10.0.0.5//x") == "bad_port");
    CHECK(codeOf("/websocket/10.0.0.5/") == "bad_port");
    // The base64.
    for (const char *bad :
         {"", "!!!!", "YQ===", "Y=Q=", "YWJj+-_/", "YWJjZ", "eyJh IjoiYiJ9", "e30%"}) {
        INFO(bad);
        CHECK(codeOf(wsTarget(bad)) == "bad_base64");
    }
    CHECK(codeOf("/websocket/10.0.0.5/443/x?headers") == "bad_base64");
    // The JSON.
    for (const QByteArray &json :
         QList<QByteArray>{"[]", "\"str\"", "1", "null", "{", "{\"a\":}", R"({"A":"1","A":"2"})",
                           R"({"Cookie":"1","cookie":"2"})"}) {
        INFO(json.toStdString());
        CHECK(codeOf(wsTarget(b64(json))) == "bad_json");
    }
    // Values must be strings free of CR, LF, NUL and other controls.
    for (const QByteArray &json :
         QList<QByteArray>{R"({"A":1})", R"({"A":null})", R"({"A":true})", R"({"A":{}})",
                           R"({"A":["x"]})", R"({"A":"x\r\nEvil: 1"})", R"({"A":"x\ny"})",
                           R"({"A":"x\u0000y"})", R"({"A":"x\u0007y"})"}) {
        INFO(json.toStdString());
        CHECK(codeOf(wsTarget(b64(json))) == "bad_header_value");
    }
    // Names must be tokens.
    for (const QByteArray &json : QList<QByteArray>{
             R"({"":"x"})", R"({"A\r\nB":"x"})", R"({"A\nB":"x"})", R"({"A\u0000":"x"})",
             R"({"A B":"x"})", R"({"A:":"x"})", R"({"Ä":"x"})"}) {
        INFO(json.toStdString());
        CHECK(codeOf(wsTarget(b64(json))) == "bad_header_name");
    }
    // Framing fields on a bodiless GET.
    for (const QByteArray &json :
         QList<QByteArray>{R"({"Content-Length":"5"})", R"({"transfer-encoding":"chunked"})"}) {
        INFO(json.toStdString());
        CHECK(codeOf(wsTarget(b64(json))) == "header_not_allowed");
    }
    const auto refused = WorkerCompat::parseWebSocket(wsTarget("!!!!"));
    REQUIRE_FALSE(refused);
    CHECK_FALSE(refused.error().detail.isEmpty());
}

TEST_CASE("worker compat: fields the gateway writes itself are left out, not refused") {
    const auto ws = WorkerCompat::parseWebSocket(wsTarget(b64(
        R"({"Host":"10.0.0.5","Connection":"Upgrade","Upgrade":"websocket","Sec-WebSocket-Key":"k","Sec-WebSocket-Version":"13","Cookie":"sessionKey=k"})")));
    REQUIRE(ws);
    CHECK(ws->headers == HttpHeaders{{"Cookie", "sessionKey=k"}});
    CHECK(ws->ignored.size() == 5);
}

TEST_CASE("worker compat: apply, then rewrite for iLO5, gives the upgrade the BMC accepts") {
    const QByteArray json = R"({"Cookie":"sessionKey=abc","Origin":"https://10.0.0.5"})";
    auto head = upgrade(wsTarget(b64(json)), {{"Cookie", "pm-session=TOKEN"}});
    const auto ws = WorkerCompat::parseWebSocket(head.target);
    REQUIRE(ws);
    WorkerCompat::apply(*ws, head);
    CHECK(str(head.target) == "/wss/ircport");
    const auto ctx =
        context(pc::Platform::Ilo5, kPublicHost, true, ws->target.host, ws->target.port);
    const auto out = pc::RequestRewriter(ctx).rewrite(head);
    CHECK(str(out.target) == "/wss/ircport");
    CHECK(out.headers.values("cookie") == QList<QByteArray>{"sessionKey=abc"});
    CHECK(str(out.headers.value("origin")) == "https://10.0.0.5");
    CHECK(str(out.headers.value("host")) == "10.0.0.5");
    CHECK(out.headers.values("connection") == QList<QByteArray>{"Upgrade"});
    CHECK(str(out.headers.value("sec-websocket-key")) == "dGhlIHNhbXBsZSBub25jZQ==");
    CHECK(simRefusals(pc::Platform::Ilo5, out).isEmpty());
}
