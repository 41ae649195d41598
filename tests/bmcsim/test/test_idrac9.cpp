// iDRAC9 personality: login, the pages, every check a naive proxy trips over, and the
// console behind the vconsole launch.

#include "bmcsim/refusal.h"
#include "simclient.h"

#include <QUrlQuery>
#include <catch2/catch.hpp>

using namespace Qt::StringLiterals;
using namespace bmcsim;
using namespace bmcsim::test;

namespace {

struct Idrac9 : SimFixture {
    Idrac9()
        : SimFixture(ServerOptions::of(Platform::Idrac9)) {}
    QByteArray xsrf;

    void login() {
        const Reply r = client.post("/sysmgmt/2015/bmc/session", {},
                                    {{"user", "\"root\""}, {"password", "\"calvin\""}});
        REQUIRE(r.status == 201);
        REQUIRE(r.json().value(u"authResult"_s).toInt(-1) == 0);
        xsrf = r.header("XSRF-TOKEN");
        REQUIRE(xsrf.size() == 32);
        REQUIRE_FALSE(client.cookie("-http-session-").isEmpty());
    }
};

} // namespace

TEST_CASE("idrac9: GET / redirects absolutely to the Host it was asked for", "[bmcsim][idrac9]") {
    Idrac9 bmc;
    const Reply r = bmc.client.get("/");
    CHECK(r.status == 302);
    CHECK(r.header("Location") == "https://" + bmc.host() + "/restgui/start.html");
    CHECK(r.header("Strict-Transport-Security").startsWith("max-age="));
}

TEST_CASE("idrac9: /restgui/ files come only gzip-compressed", "[bmcsim][idrac9]") {
    Idrac9 bmc;
    const Reply page = bmc.client.get("/restgui/start.html"); // QNAM asks for gzip
    CHECK(page.status == 200);
    CHECK(page.body.contains("Integrated Dell Remote Access Controller 9"));
    CHECK(page.header("Content-Security-Policy").contains("connect-src 'self' wss:"));

    const Reply plain = bmc.client.get("/restgui/start.html", {{"Accept-Encoding", "identity"}});
    CHECK(plain.status == 404);
    CHECK(plain.refusal() == refusal::GzipRequired);
    CHECK(bmc.server.checkLog().reasons() == QStringList{refusal::GzipRequired});

    const Reply js = bmc.client.get("/restgui/js/console.js");
    CHECK(js.status == 200);
    CHECK(js.body.contains("bmcsimConsole"));
}

TEST_CASE("idrac9: pre-auth info, login, authenticated API", "[bmcsim][idrac9]") {
    Idrac9 bmc;
    CHECK(bmc.client.get("/sysmgmt/2015/bmc/info").json().value(u"Attributes"_s).isObject());
    CHECK(bmc.client.get("/sysmgmt/2016/bmc/language").status == 200);
    bmc.login();

    const Reply session = bmc.client.get("/sysmgmt/2015/bmc/session", {{"XSRF-TOKEN", bmc.xsrf}});
    CHECK(session.status == 200);
    CHECK(session.json().value(u"user"_s).toString() == u"root"_s);

    const Reply noToken = bmc.client.get("/sysmgmt/2015/bmc/session");
    CHECK(noToken.status == 401);
    CHECK(noToken.refusal() == refusal::CsrfHeaderMissing);
    const Reply badToken = bmc.client.get("/sysmgmt/2015/bmc/session", {{"XSRF-TOKEN", "x"}});
    CHECK(badToken.refusal() == refusal::CsrfHeaderMismatch);

    CHECK(bmc.client.request("DELETE", "/sysmgmt/2015/bmc/session", {{"XSRF-TOKEN", bmc.xsrf}})
              .status == 200);
    CHECK(bmc.client.get("/sysmgmt/2015/bmc/session", {{"XSRF-TOKEN", bmc.xsrf}}).refusal() ==
          refusal::SessionInvalid);
}

TEST_CASE("idrac9: login wants quoted credential headers and the right ones", "[bmcsim][idrac9]") {
    Idrac9 bmc;
    const Reply unquoted = bmc.client.post("/sysmgmt/2015/bmc/session", {},
                                           {{"user", "root"}, {"password", "calvin"}});
    CHECK(unquoted.status == 401);
    CHECK(unquoted.refusal() == refusal::LoginHeaderUnquoted);
    const Reply wrong = bmc.client.post("/sysmgmt/2015/bmc/session", {},
                                        {{"user", "\"root\""}, {"password", "\"nope\""}});
    CHECK(wrong.refusal() == refusal::BadCredentials);
}

TEST_CASE("idrac9: Host, Origin and Referer must name the BMC", "[bmcsim][idrac9]") {
    Idrac9 bmc;
    const QByteArray origin = "https://" + bmc.host();

    const Reply host = rawExchange(bmc.server, "GET /sysmgmt/2015/bmc/info HTTP/1.1\r\n"
                                               "Host: gateway.example\r\n\r\n");
    CHECK(host.status == 403);
    CHECK(host.refusal() == refusal::HostMismatch);

    const Reply badOrigin =
        bmc.client.get("/sysmgmt/2015/bmc/info", {{"Origin", "https://gateway.example"}});
    CHECK(badOrigin.status == 403);
    CHECK(badOrigin.refusal() == refusal::OriginMismatch);
    CHECK(bmc.client.get("/sysmgmt/2015/bmc/info", {{"Origin", origin}}).status == 200);

    const Reply badReferer = bmc.client.get(
        "/sysmgmt/2015/bmc/info", {{"Referer", "https://gateway.example/restgui/start.html"}});
    CHECK(badReferer.refusal() == refusal::RefererMismatch);
    CHECK(bmc.client.get("/sysmgmt/2015/bmc/info", {{"Referer", origin + "/restgui/start.html"}})
              .status == 200);
}

TEST_CASE("idrac9: --advertise sets the address the checks and URLs use", "[bmcsim][idrac9]") {
    ServerOptions options = ServerOptions::of(Platform::Idrac9);
    options.advertise = u"10.1.2.3"_s;
    BmcServer server(options);
    REQUIRE(server.listen());
    CHECK(server.address().origin() == u"https://10.1.2.3"_s);
    CHECK(rawExchange(server, "GET /sysmgmt/2015/bmc/info HTTP/1.1\r\nHost: 10.1.2.3\r\n\r\n")
              .status == 200);
    CHECK(rawExchange(server, "GET /sysmgmt/2015/bmc/info HTTP/1.1\r\nHost: 10.1.2.3:443\r\n\r\n")
              .status == 200);
    CHECK(rawExchange(server, "GET /sysmgmt/2015/bmc/info HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
              .refusal() == refusal::HostMismatch);
}

TEST_CASE("idrac9: the console launch leads to a streaming console", "[bmcsim][idrac9]") {
    Idrac9 bmc;
    bmc.login();
    const Reply launch =
        bmc.client.get("/sysmgmt/2015/server/vconsole", {{"XSRF-TOKEN", bmc.xsrf}});
    REQUIRE(launch.status == 200);
    const QUrl location(launch.json().value(u"Location"_s).toString());
    CHECK(location.scheme() == u"https"_s);
    CHECK(location.host() == u"127.0.0.1"_s);
    CHECK(location.port() == bmc.server.port());
    CHECK(location.path() == u"/restgui/vconsole/index.html"_s);
    const QUrlQuery query(location);
    CHECK(query.queryItemValue(u"ip"_s) == u"127.0.0.1"_s);
    CHECK(query.queryItemValue(u"kvmport"_s) == QString::number(bmc.server.port()));
    const QByteArray vcsid = query.queryItemValue(u"VCSID"_s).toLatin1();
    const QByteArray vcsid2 = query.queryItemValue(u"VCSID2"_s).toLatin1();
    CHECK(vcsid.size() == 24);
    CHECK(vcsid2.size() == 24);

    const Reply viewer = bmc.client.get("/restgui/vconsole/index.html");
    CHECK(viewer.body.contains("/vnc/vconsole?vck="));

    ConsoleProbe probe(bmc.server, "/vnc/vconsole?vck=" + vcsid, {}, {u"binary"_s});
    REQUIRE(handshake(probe, QByteArrayLiteral("\xf7\xb3"),
                      QByteArrayLiteral("\xf7\xb3") + vcsid2 + QByteArray(8, '\0')));
    CHECK(probe.subprotocol() == u"binary"_s);
    expectPatternAndEcho(probe);

    SECTION("a console key works once") {
        ConsoleProbe again(bmc.server, "/vnc/vconsole?vck=" + vcsid, {}, {u"binary"_s});
        REQUIRE(again.waitClosed());
        CHECK(again.closeReason() == refusal::VckUnknown);
    }
}

TEST_CASE("idrac9: console refusals", "[bmcsim][idrac9]") {
    Idrac9 bmc;
    bmc.login();

    SECTION("no vck: 502") {
        const Reply r =
            rawExchange(bmc.server, "GET /vnc/vconsole HTTP/1.1\r\nHost: " + bmc.host() +
                                        "\r\nUpgrade: websocket\r\nConnection: "
                                        "Upgrade\r\nSec-WebSocket-Key: "
                                        "dGhlIHNhbXBsZSBub25jZQ==\r\n"
                                        "Sec-WebSocket-Version: 13\r\n\r\n");
        CHECK(r.status == 502);
        CHECK(r.refusal() == refusal::VckMissing);
    }
    SECTION("wrong VCSID2 in the key challenge") {
        const Reply launch =
            bmc.client.get("/sysmgmt/2015/server/vconsole", {{"XSRF-TOKEN", bmc.xsrf}});
        const QUrlQuery query{QUrl(launch.json().value(u"Location"_s).toString())};
        ConsoleProbe probe(bmc.server,
                           "/vnc/vconsole?vck=" + query.queryItemValue(u"VCSID"_s).toLatin1(), {},
                           {u"binary"_s});
        REQUIRE(handshake(probe, QByteArrayLiteral("\xf7\xb3"),
                          QByteArrayLiteral("\xf7\xb3") + QByteArray(32, '0')));
        REQUIRE(probe.waitClosed());
        CHECK(probe.closeReason() == refusal::Vcsid2Mismatch);
    }
    SECTION("a WebSocket elsewhere") {
        ConsoleProbe probe(bmc.server, "/vnc/elsewhere");
        CHECK_FALSE(probe.waitConnected());
        CHECK(bmc.server.checkLog().reasons().contains(refusal::WebSocketPath));
    }
}
