// Browser mode through a real gatewayd process to a real bmcsim process: the
// gpsession entry, the proxying, and every refusal of spec §5.
#include "gatewayfixture.h"
#include "httpsclient.h"

#include <QDateTime>
#include <QSslServer>
#include <QTcpServer>
#include <catch2/catch.hpp>

using namespace Qt::StringLiterals;
using testsupport::httpsExchange;
using testsupport::httpsGet;

namespace {

qint64 now() {
    return QDateTime::currentSecsSinceEpoch();
}

// A port on which nothing listens: bind one, note it, close it.
quint16 closedPort() {
    QTcpServer server;
    server.listen(QHostAddress::LocalHost, 0);
    return server.serverPort();
}

} // namespace

TEST_CASE("gateway: a gpsession link sets the pm-session cookie and redirects to /") {
    GatewayFixture gw;
    REQUIRE(gw.ok());
    const QByteArray token = gw.mint();
    const auto reply = httpsGet(gw.gatewayPort(), "/gpsession?token=" + token);
    REQUIRE(reply.status == 302);
    CHECK(reply.headers.value("Location") == "/");
    const QByteArray cookie = reply.headers.value("Set-Cookie");
    CHECK(cookie.startsWith("pm-session=" + token + ";"));
    for (const char *attribute : {"HttpOnly", "Secure", "SameSite=Lax", "Path=/"})
        CHECK(cookie.contains(attribute));
}

TEST_CASE("gateway: requests with the session cookie are proxied to the BMC") {
    GatewayFixture gw;
    REQUIRE(gw.ok());
    const auto reply = httpsGet(gw.gatewayPort(), "/sysmgmt/2015/bmc/info",
                                GatewayFixture::cookieHeader(gw.mint()));
    INFO(reply.body.toStdString());
    REQUIRE(reply.status == 200);
    CHECK_FALSE(reply.json().isEmpty());
    // A second request on a new client connection answers too (whether it reused the
    // pooled BMC connection is not observed here).
    const auto again = httpsGet(gw.gatewayPort(), "/sysmgmt/2015/bmc/info",
                                GatewayFixture::cookieHeader(gw.mint()));
    CHECK(again.status == 200);
}

TEST_CASE("gateway: a request without a token is refused with 401 JSON") {
    GatewayFixture gw;
    REQUIRE(gw.ok());
    const auto reply = httpsGet(gw.gatewayPort(), "/");
    CHECK(reply.status == 401);
    CHECK(reply.json().value(u"error"_s).toString() == u"no_token"_s);
    CHECK(reply.headers.value("Content-Type") == "application/json");
}

TEST_CASE("gateway: a token with a bad signature is refused") {
    GatewayFixture gw;
    REQUIRE(gw.ok());
    const auto viaLink = httpsGet(gw.gatewayPort(), "/gpsession?token=" + gw.mintForged());
    CHECK(viaLink.status == 401);
    CHECK(viaLink.json().value(u"error"_s).toString() == u"token_bad_signature"_s);
    CHECK(viaLink.headers.value("Set-Cookie").isEmpty());
    const auto viaCookie =
        httpsGet(gw.gatewayPort(), "/", GatewayFixture::cookieHeader(gw.mintForged()));
    CHECK(viaCookie.status == 401);
}

TEST_CASE("gateway: an expired token is refused and the answer says expired") {
    GatewayFixture gw;
    REQUIRE(gw.ok());
    const QByteArray token = gw.mint(
        QJsonObject{{u"exp"_s, now() - 600}, {u"iat"_s, now() - 900}, {u"nbf"_s, now() - 900}});
    const auto reply = httpsGet(gw.gatewayPort(), "/", GatewayFixture::cookieHeader(token));
    CHECK(reply.status == 401);
    CHECK(reply.json().value(u"error"_s).toString() == u"token_expired"_s);
    CHECK(reply.json().value(u"detail"_s).toString().contains(u"expired"_s));
}

TEST_CASE("gateway: a token that is not yet valid is refused") {
    GatewayFixture gw;
    REQUIRE(gw.ok());
    const QByteArray token = gw.mint(QJsonObject{{u"nbf"_s, now() + 3600}});
    const auto reply = httpsGet(gw.gatewayPort(), "/", GatewayFixture::cookieHeader(token));
    CHECK(reply.status == 401);
    CHECK(reply.json().value(u"error"_s).toString() == u"token_not_yet_valid"_s);
}

TEST_CASE("gateway: a token for another gateway is refused with 403") {
    GatewayFixture gw;
    REQUIRE(gw.ok());
    const QByteArray token = gw.mint(QJsonObject{{u"upstream"_s, u"gw2.example.com"_s}});
    const auto reply = httpsGet(gw.gatewayPort(), "/gpsession?token=" + token);
    CHECK(reply.status == 403);
    CHECK(reply.json().value(u"error"_s).toString() == u"token_wrong_upstream"_s);
}

TEST_CASE("gateway: a BMC address outside targets.allow is refused before any connection") {
    GatewayFixture::Options options;
    options.allow = {u"10.0.0.0/8"_s};
    GatewayFixture gw(options);
    REQUIRE(gw.ok());
    const auto reply = httpsGet(gw.gatewayPort(), "/", GatewayFixture::cookieHeader(gw.mint()));
    CHECK(reply.status == 403);
    CHECK(reply.json().value(u"error"_s).toString() == u"target_not_allowed"_s);
}

TEST_CASE("gateway: a BMC that refuses the connection gives 502 naming the address") {
    GatewayFixture gw;
    REQUIRE(gw.ok());
    const quint16 port = closedPort();
    const auto reply =
        httpsGet(gw.gatewayPort(), "/",
                 GatewayFixture::cookieHeader(gw.mint(QJsonObject{{u"port"_s, port}})));
    CHECK(reply.status == 502);
    CHECK(reply.json().value(u"detail"_s).toString().contains(u"127.0.0.1:%1"_s.arg(port)));
}

TEST_CASE("gateway: a silent BMC gives 504 after the configured timeout") {
    GatewayFixture::Options options;
    options.upstream = QJsonObject{{u"connectTimeoutMs"_s, 500}, {u"responseTimeoutMs"_s, 500}};
    GatewayFixture gw(options);
    REQUIRE(gw.ok());
    QTcpServer silent; // accepts TCP, never speaks TLS or HTTP
    REQUIRE(silent.listen(QHostAddress::LocalHost, 0));
    const auto reply = httpsGet(
        gw.gatewayPort(), "/",
        GatewayFixture::cookieHeader(gw.mint(QJsonObject{{u"port"_s, silent.serverPort()}})));
    CHECK(reply.status == 504);
    CHECK(reply.json().value(u"error"_s).toString() == u"bmc_timeout"_s);
}

TEST_CASE("gateway: a smuggling request gets 400 and the gateway goes on serving") {
    GatewayFixture gw;
    REQUIRE(gw.ok());
    const QByteArray cookie = GatewayFixture::cookieHeader(gw.mint());
    const auto bad = httpsExchange(gw.gatewayPort(),
                                   "POST /data HTTP/1.1\r\nHost: x\r\n" + cookie +
                                       "Content-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n"
                                       "0\r\n\r\n");
    CHECK(bad.status == 400);
    CHECK(bad.headers.value("Connection") == "close");
    CHECK(bad.closed);
    const auto good = httpsGet(gw.gatewayPort(), "/sysmgmt/2015/bmc/info", cookie);
    INFO(good.body.toStdString());
    CHECK(good.status == 200);
}

TEST_CASE("gateway: a token for a BMC behind an agent is not served from the gateway itself") {
    GatewayFixture gw;
    REQUIRE(gw.ok());
    const auto reply = httpsGet(gw.gatewayPort(), "/sysmgmt/2015/bmc/info",
                                GatewayFixture::cookieHeader(gw.mint({{u"agent"_s, u"site-a"_s}})));
    CHECK(reply.status == 502);
    CHECK(reply.json().value(u"error"_s).toString() == u"agent_unavailable"_s);
}
