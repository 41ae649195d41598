// iDRAC8 personality: positional form login, XML with ST1/ST2, ST2 header, cookie
// domain, Host/Referer checks, the DVC-style console.

#include "bmcsim/refusal.h"
#include "simclient.h"

#include <QRegularExpression>
#include <catch2/catch.hpp>

using namespace Qt::StringLiterals;
using namespace bmcsim;
using namespace bmcsim::test;

namespace {

struct Idrac8 : SimFixture {
    Idrac8()
        : SimFixture(ServerOptions::of(Platform::Idrac8)) {}
    QByteArray st1, st2;

    Reply login(const QByteArray &body) {
        return client.post("/data/login", body,
                           {{"Content-Type", "application/x-www-form-urlencoded"}});
    }

    void loginOk() {
        const Reply r = login("user=root&password=calvin");
        REQUIRE(r.status == 200);
        REQUIRE(r.body.contains("<authResult>0</authResult>"));
        const auto m = QRegularExpression(u"<forwardUrl>index.html\\?ST1=(\\w+),ST2=(\\w+)</"_s)
                           .match(QString::fromLatin1(r.body));
        REQUIRE(m.hasMatch());
        st1 = m.captured(1).toLatin1();
        st2 = m.captured(2).toLatin1();
    }
};

} // namespace

TEST_CASE("idrac8: login, forwardUrl with ST1,ST2 and the ST2 header", "[bmcsim][idrac8]") {
    Idrac8 bmc;
    CHECK(bmc.client.post("/data/logout", {}).body.contains("<status>ok</status>"));
    bmc.loginOk();

    const Reply user = bmc.client.get("/data?get=userName,fwVersion", {{"ST2", bmc.st2}});
    CHECK(user.status == 200);
    CHECK(user.body.contains("<userName>root</userName>"));
    CHECK(user.body.contains("<fwVersion>"));

    CHECK(bmc.client.get("/data?get=userName").refusal() == refusal::CsrfHeaderMissing);
    CHECK(bmc.client.get("/data?get=userName", {{"ST2", bmc.st1}}).refusal() ==
          refusal::CsrfHeaderMismatch);

    CHECK(bmc.client.get("/data/logout?ST1=" + bmc.st1, {{"ST2", bmc.st2}}).status == 200);
    CHECK(bmc.client.get("/data?get=userName", {{"ST2", bmc.st2}}).refusal() ==
          refusal::SessionInvalid);
}

TEST_CASE("idrac8: the session cookie names the BMC as its domain", "[bmcsim][idrac8]") {
    Idrac8 bmc;
    const Reply r = bmc.login("user=root&password=calvin");
    const QByteArray setCookie = r.header("Set-Cookie");
    CHECK(setCookie.startsWith("-http-session-="));
    CHECK(setCookie.contains("; Domain=127.0.0.1"));
    CHECK(setCookie.contains("; Secure; HttpOnly"));
}

TEST_CASE("idrac8: user must come before password in the login form", "[bmcsim][idrac8]") {
    Idrac8 bmc;
    const Reply swapped = bmc.login("password=calvin&user=root");
    CHECK(swapped.status == 400);
    CHECK(swapped.refusal() == refusal::LoginFieldOrder);
    CHECK(bmc.login("user=root&password=wrong").refusal() == refusal::BadCredentials);
    CHECK(bmc.login("user=ro%6Ft&password=calvin").status == 200); // percent-decoded
}

TEST_CASE("idrac8: pages, absolute root redirect, Host and Referer checks", "[bmcsim][idrac8]") {
    Idrac8 bmc;
    CHECK(bmc.client.get("/").header("Location") == "https://" + bmc.host() + "/login.html");
    CHECK(bmc.client.get("/login.html").body.contains("frmSubmit"));
    CHECK(bmc.client.get("/login.html", {{"Accept-Encoding", "identity"}}).status == 200);

    CHECK(rawExchange(bmc.server, "GET /login.html HTTP/1.1\r\nHost: proxy.example\r\n\r\n")
              .refusal() == refusal::HostMismatch);
    CHECK(bmc.client.get("/login.html", {{"Referer", "https://proxy.example/login.html"}})
              .refusal() == refusal::RefererMismatch);
    CHECK(bmc.client.get("/login.html", {{"Referer", bmc.origin() + "/index.html"}}).status == 200);
}

TEST_CASE("idrac8: the console needs the session and streams after APCP", "[bmcsim][idrac8]") {
    Idrac8 bmc;
    bmc.loginOk();
    const QByteArray cookie = "-http-session-=" + bmc.client.cookie("-http-session-");

    ConsoleProbe probe(bmc.server, "/vkvm/", {{"Cookie", cookie}}, {u"lws-dvc-protocol"_s});
    REQUIRE(handshake(probe, "APCP", {}));
    CHECK(probe.subprotocol() == u"lws-dvc-protocol"_s);
    expectPatternAndEcho(probe);

    ConsoleProbe anonymous(bmc.server, "/vkvm/", {}, {u"lws-dvc-protocol"_s});
    CHECK_FALSE(anonymous.waitConnected());
    CHECK(bmc.server.checkLog().reasons().contains(refusal::SessionCookieMissing));
}
