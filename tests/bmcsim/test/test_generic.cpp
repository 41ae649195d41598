// Generic (OpenBMC) personality: Redfish session login, X-Auth-Token or cookie + XSRF
// header, and the KVM WebSocket whose subprotocol is the XSRF token.

#include "bmcsim/refusal.h"
#include "simclient.h"

#include <catch2/catch.hpp>

using namespace Qt::StringLiterals;
using namespace bmcsim;
using namespace bmcsim::test;

namespace {

struct Generic : SimFixture {
    Generic()
        : SimFixture(ServerOptions::of(Platform::Generic)) {}
    QByteArray token, uri;

    void login() {
        const Reply r = client.post("/redfish/v1/SessionService/Sessions",
                                    R"({"UserName":"root","Password":"0penBmc"})",
                                    {{"Content-Type", "application/json"}});
        REQUIRE(r.status == 201);
        token = r.header("X-Auth-Token");
        uri = r.header("Location");
        REQUIRE_FALSE(token.isEmpty());
        REQUIRE_FALSE(client.cookie("XSRF-TOKEN").isEmpty());
        REQUIRE(client.cookie("SESSION") == token);
    }
};

} // namespace

TEST_CASE("generic: Redfish login, then token or cookie + XSRF header", "[bmcsim][generic]") {
    Generic bmc;
    CHECK(bmc.client.get("/").body.contains("OpenBMC"));
    CHECK(bmc.client.get("/redfish/v1").json().value(u"Vendor"_s).toString() == u"OpenBMC"_s);
    bmc.login();

    CHECK(bmc.client.get(bmc.uri, {{"X-Auth-Token", bmc.token}})
              .json()
              .value(u"UserName"_s)
              .toString() == u"root"_s);
    const QByteArray xsrf = bmc.client.cookie("XSRF-TOKEN");
    CHECK(bmc.client.get(bmc.uri, {{"X-XSRF-TOKEN", xsrf}}).status == 200);
    CHECK(bmc.client.get(bmc.uri).refusal() == refusal::CsrfHeaderMissing);
    CHECK(bmc.client.get(bmc.uri, {{"X-Auth-Token", "nope"}}).refusal() ==
          refusal::XAuthTokenInvalid);
    CHECK(bmc.client.get("/redfish/v1/Managers/bmc", {{"X-Auth-Token", bmc.token}}).status == 200);
}

TEST_CASE("generic: KVM with the XSRF token as subprotocol", "[bmcsim][generic]") {
    Generic bmc;
    bmc.login();
    const QByteArray xsrf = bmc.client.cookie("XSRF-TOKEN");
    const Headers cookie{{"Cookie", "SESSION=" + bmc.token}};

    ConsoleProbe probe(bmc.server, "/kvm/0", cookie, {QString::fromLatin1(xsrf)});
    REQUIRE(probe.waitConnected());
    CHECK(probe.subprotocol() == QString::fromLatin1(xsrf));
    expectPatternAndEcho(probe);

    ConsoleProbe wrong(bmc.server, "/kvm/0", cookie, {u"binary"_s});
    CHECK_FALSE(wrong.waitConnected());
    CHECK(bmc.server.checkLog().reasons().contains(refusal::WsSubprotocolToken));
}
