// Accounting end to end: traffic moved through the gateway shows up in
// GET /api/v1/traffic with its byte counts (within 1%), after a restart too, and after
// a SIGTERM in the middle of a transfer.
#include "apitestsupport.h"
#include "sessionclient.h"

#include <catch2/catch.hpp>

using namespace Qt::StringLiterals;
using namespace apitest;

namespace {

constexpr qint64 kMiB = 1024 * 1024;

bool within1Percent(qint64 actual, qint64 expected) {
    return actual >= expected && double(actual) <= double(expected) * 1.01;
}

} // namespace

TEST_CASE("traffic: bytes through the gateway are recorded within 1%, also after a restart") {
    GatewayFixture gw(generic());
    REQUIRE(gw.ok());
    const QByteArray token =
        gw.mint({{u"platform"_s, u"generic"_s}, {u"jti"_s, u"transfer"_s}, {u"sub"_s, u"carol"_s}});
    const QByteArray cookies = gw.login(token);
    REQUIRE_FALSE(cookies.isEmpty());

    constexpr qint64 kDown = 24 * kMiB;
    constexpr qint64 kUp = 8 * kMiB;
    SessionClient client(gw.gatewayPort());
    client.countOnly = true;
    REQUIRE(client.request(get("/vmedia/download?size=" + QByteArray::number(kDown), cookies)) ==
            200);
    CHECK(client.bodyBytes == kDown);
    const QByteArray upload =
        "PUT /vmedia/upload HTTP/1.1\r\nHost: localhost\r\nCookie: " + cookies +
        "\r\nContent-Length: " + QByteArray::number(kUp) + "\r\n\r\n" + QByteArray(kUp, 'u');
    REQUIRE(client.request(upload) == 200);
    const QString session = sessionWithJti(gw, u"transfer"_s).value(u"id"_s).toString();
    REQUIRE_FALSE(session.isEmpty());

    const Sums live = trafficOf(gw, session);
    INFO("recorded up " << live.bytesUp << " down " << live.bytesDown);
    CHECK(within1Percent(live.bytesDown, kDown));
    CHECK(within1Percent(live.bytesUp, kUp));
    CHECK(live.requests >= 2);

    // Every record has the stable fields.
    const auto records = api(gw).get(u"/api/v1/traffic?since=0"_s).json().array();
    REQUIRE_FALSE(records.isEmpty());
    const QJsonObject first = records.first().toObject();
    for (const QString &field : {u"time"_s, u"session"_s, u"ip"_s, u"port"_s, u"platform"_s,
                                 u"sub"_s, u"jti"_s, u"path"_s, u"bytesUp"_s, u"bytesDown"_s})
        CHECK(first.contains(field));
    bool sawCarol = false;
    for (const QJsonValue &v : records) {
        const QJsonObject r = v.toObject();
        if (r.value(u"session"_s).toString() != session)
            continue;
        sawCarol = true;
        CHECK(r.value(u"sub"_s).toString() == u"carol"_s);
        CHECK(r.value(u"jti"_s).toString() == u"transfer"_s);
        CHECK(r.value(u"path"_s).toString() == u"browser"_s);
        CHECK(r.value(u"ip"_s).toString() == u"127.0.0.1"_s);
        CHECK(r.value(u"port"_s).toInt() == gw.bmcPort());
        CHECK(r.value(u"platform"_s).toString() == u"generic"_s);
    }
    CHECK(sawCarol);
    // ?since= in the future: nothing.
    CHECK(api(gw)
              .get(u"/api/v1/traffic?since=%1"_s.arg(first.value(u"time"_s).toInteger() + 3600))
              .json()
              .array()
              .isEmpty());

    // A restart keeps every record; SIGTERM ends gatewayd cleanly (exit 0) even with idle
    // BMC connections in its pool (that teardown used to crash: see test_upstreampool).
    const int exitCode = gw.terminateGateway();
    INFO(gw.startupError().toStdString());
    CHECK(exitCode == 0);
    REQUIRE(gw.restartGateway());
    const Sums after = trafficOf(gw, session);
    CHECK(after.bytesDown == live.bytesDown);
    CHECK(after.bytesUp == live.bytesUp);
}

TEST_CASE("traffic: after a SIGTERM in the middle of a download the bytes moved are recorded") {
    GatewayFixture gw(generic());
    REQUIRE(gw.ok());
    const QByteArray token = gw.mint({{u"platform"_s, u"generic"_s}, {u"jti"_s, u"interrupted"_s}});
    const QByteArray cookies = gw.login(token);
    REQUIRE_FALSE(cookies.isEmpty());
    const QString session = [&] {
        SessionClient probe(gw.gatewayPort());
        probe.request(get("/redfish/v1", cookies));
        return sessionWithJti(gw, u"interrupted"_s).value(u"id"_s).toString();
    }();
    REQUIRE_FALSE(session.isEmpty());
    const Sums before = trafficOf(gw, session);

    // 1 GiB requested; gatewayd gets SIGTERM once 64 MiB have arrived, and the client
    // reads whatever the gateway had sent until the connection ends.
    SessionClient client(gw.gatewayPort());
    client.countOnly = true;
    int exitCode = -2;
    const qint64 receivedBefore = client.received;
    const int status = client.requestWithHook(
        get("/vmedia/download?size=" + QByteArray::number(1024 * kMiB), cookies), 64 * kMiB,
        [&] { exitCode = gw.terminateGateway(); });
    CHECK(status <= 0); // the response did not end whole
    CHECK(exitCode == 0);
    const qint64 moved = client.received - receivedBefore;
    REQUIRE(moved >= 64 * kMiB);
    REQUIRE(client.bodyBytes < 1024 * kMiB);

    REQUIRE(gw.restartGateway());
    const Sums after = trafficOf(gw, session);
    const qint64 recorded = after.bytesDown - before.bytesDown;
    INFO("client received " << moved << " bytes, gateway recorded " << recorded);
    CHECK(std::abs(double(recorded - moved)) <= double(moved) * 0.01);
}
