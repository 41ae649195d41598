#include "http/httprequesthead.h"
#include "http/httpresponsehead.h"

#include <catch2/catch.hpp>

using namespace pc;

namespace {

HttpRequestHead request(HttpVersion version, HttpHeaders headers, QByteArray method = "GET") {
    HttpRequestHead head;
    head.method = std::move(method);
    head.target = "/";
    head.version = version;
    head.headers = std::move(headers);
    return head;
}

} // namespace

TEST_CASE("http: request keep-alive follows the version and Connection") {
    CHECK(request(HttpVersion::Http1_1, {}).keepAlive());
    CHECK_FALSE(request(HttpVersion::Http1_1, {{"Connection", "close"}}).keepAlive());
    CHECK_FALSE(request(HttpVersion::Http1_1, {{"Connection", "keep-alive, Close"}}).keepAlive());
    CHECK_FALSE(request(HttpVersion::Http1_0, {}).keepAlive());
    CHECK(request(HttpVersion::Http1_0, {{"Connection", "Keep-Alive"}}).keepAlive());
}

TEST_CASE("http: upgrade needs both an Upgrade field and the upgrade connection option") {
    const HttpRequestHead ws = request(
        HttpVersion::Http1_1, {{"Upgrade", " websocket "}, {"Connection", "keep-alive, Upgrade"}});
    CHECK(ws.isUpgrade());
    CHECK(ws.upgradeProtocol() == "websocket");
    CHECK(ws.isWebSocketUpgrade());

    CHECK_FALSE(request(HttpVersion::Http1_1, {{"Upgrade", "websocket"}}).isUpgrade());
    CHECK_FALSE(request(HttpVersion::Http1_0, {{"Upgrade", "websocket"}, {"Connection", "upgrade"}})
                    .isUpgrade());
    CHECK_FALSE(request(HttpVersion::Http1_1, {{"Connection", "upgrade"}}).isUpgrade());
    CHECK(request(HttpVersion::Http1_1, {{"Upgrade", "websocket"}}).upgradeProtocol().isEmpty());
}

TEST_CASE("http: WebSocket upgrade needs GET, HTTP/1.1 and websocket as first protocol") {
    const HttpHeaders up{{"Upgrade", "WebSocket, h2c"}, {"Connection", "Upgrade"}};
    CHECK(request(HttpVersion::Http1_1, up).isWebSocketUpgrade());
    CHECK_FALSE(request(HttpVersion::Http1_1, up, "POST").isWebSocketUpgrade());
    CHECK_FALSE(request(HttpVersion::Http1_0, up).isWebSocketUpgrade());
    const HttpHeaders h2c{{"Upgrade", "h2c, websocket"}, {"Connection", "Upgrade"}};
    CHECK_FALSE(request(HttpVersion::Http1_1, h2c).isWebSocketUpgrade());
    CHECK(request(HttpVersion::Http1_1, h2c).isUpgrade());
}

TEST_CASE("http: request hasBody and isConnect") {
    HttpRequestHead head = request(HttpVersion::Http1_1, {}, "CONNECT");
    CHECK(head.isConnect());
    CHECK_FALSE(head.hasBody());
    head.framing = HttpBodyFraming{HttpBodyFraming::Kind::Chunked, 0};
    CHECK(head.hasBody());
}

TEST_CASE("http: response keep-alive, interim and body helpers") {
    HttpResponseHead r;
    CHECK(r.keepAlive());
    r.headers.append("Connection", "close");
    CHECK_FALSE(r.keepAlive());

    HttpResponseHead old;
    old.version = HttpVersion::Http1_0;
    CHECK_FALSE(old.keepAlive());
    old.headers.append("Connection", "keep-alive");
    CHECK(old.keepAlive());
    old.framing.kind = HttpBodyFraming::Kind::UntilEof;
    CHECK_FALSE(old.keepAlive());
    CHECK(old.hasBody());

    HttpResponseHead interim;
    interim.status = 100;
    CHECK(interim.isInformational());
    interim.status = 101;
    CHECK_FALSE(interim.isInformational());
    interim.status = 200;
    CHECK_FALSE(interim.isInformational());
}
