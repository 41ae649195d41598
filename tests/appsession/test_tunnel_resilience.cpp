// Issue 4's hard cases, end to end with real processes: the tunnel's TCP connection cut
// in the middle of a console (the console WebSocket in the browser stays open and frames
// go on after the reconnect), and gatewayd killed and started again (the session
// reconnects by itself and new requests work without a new link).
#include "browserflow.h"
#include "gatewayfixture.h"
#include "session/bmcsession.h"
#include "tcprelay.h"

#include <QDateTime>
#include <QJsonObject>
#include <QUrl>
#include <catch2/catch.hpp>

using namespace Qt::StringLiterals;
using namespace flowtest;
using app::BmcSession;
using bmcsim::test::waitFor;

namespace {

GatewayFixture::Options generic() {
    GatewayFixture::Options o;
    o.platform = u"generic"_s;
    return o;
}

std::unique_ptr<BmcSession> sessionThrough(GatewayFixture &gw, const TcpRelay &relay) {
    BmcSession::Options options;
    options.gatewayCa = {gw.certificate()};
    const QByteArray token = gw.mint(
        {{u"platform"_s, u"generic"_s}, {u"upstream"_s, u"localhost:%1"_s.arg(relay.port())}});
    BmcSession::Failure failure;
    QString message;
    auto session = BmcSession::create(QString::fromLatin1(token), options, &failure, &message);
    INFO(message.toStdString());
    REQUIRE(session);
    return session;
}

bool reachesState(BmcSession &s, BmcSession::State state, int timeoutMs = 20000) {
    return waitFor([&] { return s.state() == state; }, timeoutMs);
}

bmcsim::test::Endpoint local(const BmcSession &s) {
    bmcsim::test::Endpoint e;
    e.address = s.entryUrl().host().toLatin1();
    e.port = quint16(s.entryUrl().port());
    e.secure = false;
    return e;
}

QByteArray entryPath(const BmcSession &s) {
    return s.entryUrl().toString(QUrl::RemoveScheme | QUrl::RemoveAuthority).toLatin1();
}

} // namespace

TEST_CASE("app tunnel: a cut TCP connection does not cut the console") {
    GatewayFixture gw(generic());
    REQUIRE(gw.ok());
    TcpRelay network(gw.gatewayPort());
    auto session = sessionThrough(gw, network);
    session->start();
    REQUIRE(reachesState(*session, BmcSession::State::Connected));

    FlowOutcome walk =
        walkPlatform(u"generic"_s, local(*session), entryPath(*session), "pmproxy-local");
    INFO(walk.describe());
    REQUIRE(walk.ok());
    bmcsim::test::expectPatternAndEcho(*walk.console);

    for (int blip = 0; blip < 2; ++blip) {
        INFO("blip " << blip);
        REQUIRE(network.cutAll() > 0);
        REQUIRE(reachesState(*session, BmcSession::State::Reconnecting, 5000));
        REQUIRE(reachesState(*session, BmcSession::State::Connected));
        // The same WebSocket, still open, frames still in order, input still echoed.
        CHECK_FALSE(walk.console->closed());
        bmcsim::test::expectPatternAndEcho(*walk.console);
    }
}

TEST_CASE("app tunnel: after gatewayd restarts, the session reconnects and new requests work") {
    GatewayFixture gw(generic());
    REQUIRE(gw.ok());
    TcpRelay network(gw.gatewayPort());
    auto session = sessionThrough(gw, network);
    session->start();
    REQUIRE(reachesState(*session, BmcSession::State::Connected));
    bmcsim::test::SimClient browser(local(*session));
    REQUIRE(browser.get(entryPath(*session)).status == 302);
    REQUIRE(browser.get("/redfish/v1").status == 200);

    REQUIRE(gw.restartGateway());
    network.setTarget(gw.gatewayPort());
    network.cutAll(); // what the old process's exit did to the connections
    REQUIRE(reachesState(*session, BmcSession::State::Reconnecting, 5000));
    REQUIRE(reachesState(*session, BmcSession::State::Connected));

    const auto again = browser.get("/redfish/v1");
    CHECK(again.status == 200);
    CHECK(again.json().value(u"Vendor"_s).toString() == u"OpenBMC"_s);
}

TEST_CASE("app tunnel: a session ends as expired, never as failed, at its token's end") {
    // gatewayd ends a tunnel (Error UNAUTHORIZED, "expired") once exp + leeway passes; the
    // app's session must end Expired then, without a failure or a reconnect on the way.
    GatewayFixture::Options options = generic();
    options.config = QJsonObject{{u"auth"_s, QJsonObject{{u"leewaySeconds"_s, 0}}}};
    GatewayFixture gw(options);
    REQUIRE(gw.ok());
    const qint64 exp = QDateTime::currentSecsSinceEpoch() + 3;
    BmcSession::Options sessionOptions;
    sessionOptions.gatewayCa = {gw.certificate()};
    BmcSession::Failure failure;
    QString message;
    auto session = BmcSession::create(
        QString::fromLatin1(gw.mint({{u"platform"_s, u"generic"_s}, {u"exp"_s, exp}})),
        sessionOptions, &failure, &message);
    REQUIRE(session);
    QList<BmcSession::State> states;
    QObject::connect(session.get(), &BmcSession::stateChanged,
                     [&](BmcSession::State s) { states.append(s); });
    session->start();
    REQUIRE(reachesState(*session, BmcSession::State::Connected));
    const auto over = [&] {
        return session->state() == BmcSession::State::Expired ||
               session->state() == BmcSession::State::Failed;
    };
    REQUIRE(waitFor(over, 20000));
    INFO(session->failureMessage().toStdString());
    CHECK(session->state() == BmcSession::State::Expired);
    CHECK(session->failure() == BmcSession::Failure::TokenExpired);
    CHECK(session->failureMessage().contains(u"expired"_s));
    CHECK(QDateTime::currentSecsSinceEpoch() >= exp);
    CHECK_FALSE(states.contains(BmcSession::State::Reconnecting));
    CHECK_FALSE(states.contains(BmcSession::State::Failed));
    // It stays that way: stopping keeps the verdict.
    session->stop();
    CHECK(session->state() == BmcSession::State::Expired);
}
