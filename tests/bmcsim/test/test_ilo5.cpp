// iLO 5 personality: JSON login, sessionKey cookie vs X-Auth-Token, and the console
// upgrade's exact `Connection: Upgrade`.

#include "bmcsim/refusal.h"
#include "simclient.h"

#include <QJsonDocument>
#include <catch2/catch.hpp>

using namespace Qt::StringLiterals;
using namespace bmcsim;
using namespace bmcsim::test;

namespace {

struct Ilo5 : SimFixture {
    Ilo5()
        : SimFixture(ServerOptions::of(Platform::Ilo5)) {}
    QByteArray key;

    void login() {
        const Reply r =
            client.post("/json/login_session",
                        R"({"method":"login","user_login":"Administrator","password":"password"})",
                        {{"Content-Type", "application/json"}});
        REQUIRE(r.status == 200);
        key = r.json().value(u"session_key"_s).toString().toLatin1();
        REQUIRE_FALSE(key.isEmpty());
        REQUIRE(client.cookie("sessionKey") == key);
    }

    QByteArray upgrade(const QByteArray &connection, const QByteArray &extra = {}) const {
        return "GET /wss/ircport HTTP/1.1\r\nHost: " + host() +
               "\r\nUpgrade: websocket\r\nConnection: " + connection +
               "\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: "
               "13\r\n" +
               extra + "\r\n";
    }
};

} // namespace

TEST_CASE("ilo5: JSON login, cookie for /json/, X-Auth-Token for Redfish", "[bmcsim][ilo5]") {
    Ilo5 bmc;
    CHECK(bmc.client.get("/").body.contains("HPE iLO 5"));
    bmc.login();

    CHECK(bmc.client.get("/json/session_info").json().value(u"user_name"_s).toString() ==
          u"Administrator"_s);

    const Reply cookieOnly = bmc.client.get("/redfish/v1/Managers/1/");
    CHECK(cookieOnly.status == 401);
    CHECK(cookieOnly.refusal() == refusal::XAuthTokenMissing);

    const Reply token = bmc.client.get("/redfish/v1/Managers/1/", {{"X-Auth-Token", bmc.key}});
    CHECK(token.status == 200);
    CHECK(token.json().value(u"FirmwareVersion"_s).toString().startsWith(u"iLO 5"_s));
    CHECK(bmc.client.get("/redfish/v1/Managers/1/", {{"X-Auth-Token", "nope"}}).refusal() ==
          refusal::XAuthTokenInvalid);
    CHECK(bmc.client.get("/redfish/v1/").status == 200); // the service root is open
}

TEST_CASE("ilo5: the session cookie is readable and names the BMC's domain", "[bmcsim][ilo5]") {
    Ilo5 bmc;
    const Reply r =
        bmc.client.post("/json/login_session",
                        R"({"method":"login","user_login":"Administrator","password":"password"})");
    const QByteArray setCookie = r.header("Set-Cookie");
    CHECK(setCookie.contains("Domain=127.0.0.1"));
    CHECK_FALSE(setCookie.contains("HttpOnly"));
    CHECK(bmc.client
              .post("/json/login_session",
                    R"({"method":"login","user_login":"Administrator","password":"x"})")
              .refusal() == refusal::BadCredentials);
}

TEST_CASE("ilo5: Redfish session login", "[bmcsim][ilo5]") {
    Ilo5 bmc;
    const Reply r = bmc.client.post("/redfish/v1/SessionService/Sessions/",
                                    R"({"UserName":"Administrator","Password":"password"})");
    CHECK(r.status == 201);
    const QByteArray token = r.header("X-Auth-Token");
    const QByteArray location = r.header("Location");
    REQUIRE_FALSE(token.isEmpty());
    CHECK(bmc.client.get(location, {{"X-Auth-Token", token}})
              .json()
              .value(u"UserName"_s)
              .toString() == u"Administrator"_s);
}

TEST_CASE("ilo5: console upgrade wants `Connection: Upgrade` exactly", "[bmcsim][ilo5]") {
    Ilo5 bmc;
    bmc.login();
    const QByteArray cookie = "Cookie: sessionKey=" + bmc.key + "\r\n";

    const Reply lower = rawExchange(bmc.server, bmc.upgrade("upgrade", cookie));
    CHECK(lower.status == 400);
    CHECK(lower.refusal() == refusal::ConnectionUpgradeCase);
    CHECK(rawExchange(bmc.server, bmc.upgrade("keep-alive, Upgrade", cookie)).refusal() ==
          refusal::ConnectionUpgradeCase);

    const Reply noCookie = rawExchange(bmc.server, bmc.upgrade("Upgrade"));
    CHECK(noCookie.status == 400);
    CHECK(noCookie.refusal() == refusal::SessionCookieMissing);

    const Reply exact = rawExchange(bmc.server, bmc.upgrade("Upgrade", cookie));
    CHECK(exact.status == 101);
}

TEST_CASE("ilo5: the IRC console authenticates in-band, then streams", "[bmcsim][ilo5]") {
    Ilo5 bmc;
    bmc.login();
    ConsoleProbe probe(bmc.server, "/wss/ircport", {{"Cookie", "sessionKey=" + bmc.key}}, {},
                       QString::fromLatin1(bmc.origin()));
    QByteArray hello = QByteArrayLiteral("\x01\x20") + bmc.key;
    hello.append(34 - hello.size(), '\0');
    REQUIRE(handshake(probe, "P", hello, "R"));
    CHECK(probe.subprotocol().isEmpty());
    expectPatternAndEcho(probe);

    SECTION("a wrong key in the hello closes the console") {
        ConsoleProbe wrong(bmc.server, "/wss/ircport", {{"Cookie", "sessionKey=" + bmc.key}});
        REQUIRE(handshake(wrong, "P", QByteArrayLiteral("\x01\x20") + QByteArray(32, 'x')));
        REQUIRE(wrong.waitClosed());
        CHECK(wrong.closeReason() == refusal::IloSessionKeyMismatch);
    }
    SECTION("a foreign Origin is refused") {
        ConsoleProbe foreign(bmc.server, "/wss/ircport", {{"Cookie", "sessionKey=" + bmc.key}}, {},
                             u"https://proxy.example"_s);
        CHECK_FALSE(foreign.waitConnected());
        CHECK(bmc.server.checkLog().reasons().contains(refusal::OriginMismatch));
    }
}
