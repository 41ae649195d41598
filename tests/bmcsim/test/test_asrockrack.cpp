// ASRockRack personality: /api/session form login, QSESSIONID + X-CSRFTOKEN, one-time
// KVM tokens and the Origin-checking /kvm WebSocket.

#include "bmcsim/consolehandshake.h"
#include "bmcsim/refusal.h"
#include "simclient.h"

#include <catch2/catch.hpp>

using namespace Qt::StringLiterals;
using namespace bmcsim;
using namespace bmcsim::test;

namespace {

struct AsrockRack : SimFixture {
    AsrockRack()
        : SimFixture(ServerOptions::of(Platform::AsrockRack)) {}
    QByteArray csrf;

    void login() {
        const Reply r = client.post("/api/session", "username=admin&password=admin&certlogin=0",
                                    {{"Content-Type", "application/x-www-form-urlencoded"}});
        REQUIRE(r.status == 200);
        csrf = r.json().value(u"CSRFToken"_s).toString().toLatin1();
        REQUIRE_FALSE(csrf.isEmpty());
        REQUIRE_FALSE(client.cookie("QSESSIONID").isEmpty());
    }

    QByteArray kvmToken() {
        const Reply r = client.get("/api/kvm/token", {{"X-CSRFTOKEN", csrf}});
        REQUIRE(r.status == 200);
        return r.json().value(u"token"_s).toString().toLatin1();
    }

    Headers cookie() const { return {{"Cookie", "QSESSIONID=" + client.cookie("QSESSIONID")}}; }
};

} // namespace

TEST_CASE("asrockrack: login, CSRF header on the API", "[bmcsim][asrockrack]") {
    AsrockRack bmc;
    CHECK(bmc.client.get("/").body.contains("ASRockRack"));
    CHECK(bmc.client.post("/api/session", "username=admin&password=no").refusal() ==
          refusal::BadCredentials);
    bmc.login();

    const Reply session = bmc.client.get("/api/session", {{"X-CSRFTOKEN", bmc.csrf}});
    CHECK(session.json().value(u"user"_s).toString() == u"admin"_s);
    CHECK(bmc.client.get("/api/chassis-status").refusal() == refusal::CsrfHeaderMissing);
    CHECK(bmc.client.get("/api/chassis-status", {{"X-CSRFTOKEN", bmc.csrf}}).status == 200);
    CHECK(bmc.client.request("DELETE", "/api/session", {{"X-CSRFTOKEN", bmc.csrf}}).status == 200);
    CHECK(bmc.client.get("/api/chassis-status", {{"X-CSRFTOKEN", bmc.csrf}}).refusal() ==
          refusal::SessionInvalid);
}

TEST_CASE("asrockrack: the KVM socket validates the token in IVTP and streams",
          "[bmcsim][asrockrack]") {
    AsrockRack bmc;
    bmc.login();
    bmc.kvmToken(); // replaced by the next one: tokens are one-time
    const QByteArray token = bmc.kvmToken();

    ConsoleProbe probe(bmc.server, "/kvm", bmc.cookie(), {u"binary"_s, u"base64"_s},
                       QString::fromLatin1(bmc.origin()));
    REQUIRE(handshake(probe, ConsoleHandshake::ivtp(0x17), ConsoleHandshake::ivtp(0x12, token),
                      ConsoleHandshake::ivtp(0x13)));
    CHECK(probe.subprotocol() == u"binary"_s);
    expectPatternAndEcho(probe);
}

TEST_CASE("asrockrack: the KVM socket closes at once without the BMC's Origin",
          "[bmcsim][asrockrack]") {
    AsrockRack bmc;
    bmc.login();
    bmc.kvmToken();

    SECTION("foreign Origin") {
        ConsoleProbe probe(bmc.server, "/kvm", bmc.cookie(), {u"binary"_s, u"base64"_s},
                           u"https://proxy.example"_s);
        REQUIRE(probe.waitClosed());
        CHECK(probe.closeReason() == refusal::OriginMismatch);
    }
    SECTION("no Origin") {
        ConsoleProbe probe(bmc.server, "/kvm", bmc.cookie(), {u"binary"_s, u"base64"_s});
        REQUIRE(probe.waitClosed());
        CHECK(probe.closeReason() == refusal::OriginMismatch);
    }
    SECTION("no token fetched for this upgrade") {
        ConsoleProbe first(bmc.server, "/kvm", bmc.cookie(), {u"binary"_s},
                           QString::fromLatin1(bmc.origin()));
        REQUIRE(first.waitConnected());
        ConsoleProbe second(bmc.server, "/kvm", bmc.cookie(), {u"binary"_s},
                            QString::fromLatin1(bmc.origin()));
        REQUIRE(second.waitClosed());
        CHECK(second.closeReason() == refusal::KvmTokenMissing);
    }
}
