// Issue 3's per-platform proof: a browser-like client, given only the gpsession link,
// walks each emulated BMC through gatewayd (login, an authenticated call, the console
// launch, the console WebSocket with the platform's handshake, frames of the test
// pattern and an input echo). The same walk through a naive TLS pass-through fails on
// the emulator's checks.
#include "browserflow.h"
#include "gatewayfixture.h"
#include "httpsclient.h"
#include "tlsrelay.h"

#include <QJsonObject>
#include <catch2/catch.hpp>

using namespace Qt::StringLiterals;
using namespace flowtest;

namespace {

struct Expectation {
    QString platform;
    // What a pass-through runs into first (the emulator's refusal); empty: the platform
    // checks nothing a pass-through breaks.
    QString passThroughRefusal;
};

GatewayFixture::Options on(const QString &platform, bool compressingBmc = false) {
    GatewayFixture::Options options;
    options.platform = platform;
    options.compressingBmc = compressingBmc;
    return options;
}

} // namespace

TEST_CASE("platforms: a gpsession link through gatewayd reaches the UI and a live console") {
    const QString platform =
        GENERATE(u"idrac9"_s, u"idrac8"_s, u"ilo5"_s, u"asrockrack"_s, u"generic"_s);
    // Compressing: bmcsim gzips HTML/JS/JSON as firmware does (the client, QNAM, offers
    // gzip and decodes); every body must still be rewritten.
    const bool compressing = GENERATE(false, true);
    INFO("platform " << platform.toStdString() << (compressing ? ", compressing BMC" : ""));
    GatewayFixture gw(on(platform, compressing));
    REQUIRE(gw.ok());
    const QByteArray token = gw.mint({{u"platform"_s, platform}});
    if (compressing) { // the BMC does compress
        const auto direct = testsupport::httpsGet(gw.bmcPort(), "/", "Accept-Encoding: gzip\r\n");
        CHECK(direct.headers.value("content-encoding") == "gzip");
    }

    const bmcsim::test::Endpoint gateway{gw.gatewayPort(),
                                         bmcsim::test::trusting(gw.certificate())};
    FlowOutcome walk = walkPlatform(platform, gateway, "/gpsession?token=" + token, "pm-session",
                                    "https://127.0.0.1:" + QByteArray::number(gw.bmcPort()));
    INFO(walk.describe());
    REQUIRE(walk.ok());
    bmcsim::test::expectPatternAndEcho(*walk.console);
}

TEST_CASE("platforms: the same walk through a naive pass-through fails on the BMC's checks") {
    const Expectation e = GENERATE(Expectation{u"idrac9"_s, u"host-mismatch"_s},
                                   Expectation{u"idrac8"_s, u"host-mismatch"_s},
                                   Expectation{u"ilo5"_s, u"host-mismatch"_s},
                                   Expectation{u"asrockrack"_s, u"origin-mismatch"_s});
    INFO("platform " << e.platform.toStdString());
    GatewayFixture gw(on(e.platform));
    REQUIRE(gw.ok());
    TlsRelay relay(gw.bmcPort());
    REQUIRE(relay.listening());

    const FlowOutcome walk = walkPlatform(e.platform, relay.endpoint());
    INFO(walk.describe());
    REQUIRE_FALSE(walk.ok());
    CHECK(walk.refusal == e.passThroughRefusal);
}

TEST_CASE("platforms: generic needs no rules, so the pass-through also works there") {
    // The control case: the walk itself is sound, and a failure above is the BMC's
    // checks at work, not the test client.
    GatewayFixture gw(on(u"generic"_s));
    REQUIRE(gw.ok());
    TlsRelay relay(gw.bmcPort());
    REQUIRE(relay.listening());
    FlowOutcome walk = walkPlatform(u"generic"_s, relay.endpoint());
    INFO(walk.describe());
    REQUIRE(walk.ok());
    bmcsim::test::expectPatternAndEcho(*walk.console);
}
