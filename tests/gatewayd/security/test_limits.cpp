// Issue 8, point 10: limits. limits.maxSessions (429 too_many_sessions), a request head
// that is not complete in limits.headerTimeoutMs (slowloris), limits.maxConnections, and
// limits.maxTunnelsPerToken.
#include "gatewayfixture.h"
#include "httpsclient.h"
#include "sessionclient.h"
#include "simclient.h"

#include <QElapsedTimer>
#include <QJsonDocument>
#include <QSslSocket>
#include <QTimer>
#include <catch2/catch.hpp>

using namespace Qt::StringLiterals;
using bmcsim::test::waitFor;

namespace {

GatewayFixture::Options limited(const QJsonObject &limits) {
    GatewayFixture::Options options;
    options.platform = u"generic"_s;
    options.config = QJsonObject{{u"limits"_s, limits}};
    return options;
}

QByteArray get(const QByteArray &token) {
    return "GET /redfish/v1 HTTP/1.1\r\nHost: localhost\r\nCookie: pm-session=" + token +
           "\r\n\r\n";
}

struct Tls {
    QSslSocket socket;
    QByteArray received;
    explicit Tls(quint16 port) {
        socket.setPeerVerifyMode(QSslSocket::VerifyNone);
        QObject::connect(&socket, &QSslSocket::readyRead, [this] { received += socket.readAll(); });
        socket.connectToHostEncrypted(u"127.0.0.1"_s, port);
    }
    bool encrypted() {
        return waitFor([this] { return socket.isEncrypted(); });
    }
    bool closedWithin(int ms) {
        return waitFor([this] { return socket.state() == QAbstractSocket::UnconnectedState; }, ms);
    }
};

} // namespace

TEST_CASE("limits: maxSessions refuses a new session with 429 while the others live") {
    GatewayFixture gw(limited({{u"maxSessions"_s, 1}}));
    REQUIRE(gw.ok());
    const QJsonObject generic{{u"platform"_s, u"generic"_s}};
    SessionClient first(gw.gatewayPort());
    // One token for the live session: a second mint in a later second (iat) is a token of
    // its own, and so another session.
    const QByteArray live = gw.mint(generic);
    REQUIRE(first.request(get(live)) == 200);
    const auto other = testsupport::httpsGet(
        gw.gatewayPort(), "/redfish/v1",
        GatewayFixture::cookieHeader(gw.mint({{u"platform"_s, u"generic"_s}, {u"sub"_s, u"2"_s}})));
    CHECK(other.status == 429);
    CHECK(other.json().value(u"error"_s).toString() == u"too_many_sessions"_s);
    CHECK(other.headers.value("Content-Type") == "application/json");
    // The live session goes on.
    CHECK(first.request(get(live)) == 200);
}

TEST_CASE("limits: a request head dribbled byte by byte is cut at headerTimeoutMs") {
    GatewayFixture gw(limited({{u"headerTimeoutMs"_s, 500}}));
    REQUIRE(gw.ok());
    Tls slow(gw.gatewayPort());
    REQUIRE(slow.encrypted());
    QElapsedTimer clock;
    clock.start();
    const QByteArray head =
        "GET /redfish/v1 HTTP/1.1\r\nHost: localhost\r\nX-Slow: " + QByteArray(200, 'a') +
        "\r\n\r\n";
    qsizetype sent = 0;
    QTimer drip;
    QObject::connect(&drip, &QTimer::timeout, [&] {
        if (sent < head.size() && slow.socket.state() == QAbstractSocket::ConnectedState)
            slow.socket.write(head.mid(sent++, 1));
    });
    drip.start(50); // a byte every 50 ms: the head would take 13 s
    REQUIRE(slow.closedWithin(10000));
    CHECK(clock.elapsed() < 5000);
    CHECK(sent < head.size());
    CHECK(slow.received.startsWith("HTTP/1.1 408"));

    // A connection that says nothing at all is not kept for the 120 s idle time either.
    Tls silent(gw.gatewayPort());
    REQUIRE(silent.encrypted());
    CHECK(silent.closedWithin(5000));
    // An ordinary client is unaffected.
    CHECK(testsupport::httpsGet(
              gw.gatewayPort(), "/redfish/v1",
              GatewayFixture::cookieHeader(gw.mint({{u"platform"_s, u"generic"_s}})))
              .status == 200);
}

TEST_CASE("limits: maxConnections closes connections over the limit at once") {
    GatewayFixture gw(limited({{u"maxConnections"_s, 2}}));
    REQUIRE(gw.ok());
    auto a = std::make_unique<Tls>(gw.gatewayPort());
    Tls b(gw.gatewayPort());
    REQUIRE(a->encrypted());
    REQUIRE(b.encrypted());
    Tls third(gw.gatewayPort());
    CHECK(third.closedWithin(5000));
    CHECK(third.received.isEmpty());
    a.reset(); // one goes: there is room again
    REQUIRE(waitFor([&] {
        const auto reply = testsupport::httpsGet(
            gw.gatewayPort(), "/redfish/v1",
            GatewayFixture::cookieHeader(gw.mint({{u"platform"_s, u"generic"_s}})), 2000);
        return reply.status == 200;
    }));
}

TEST_CASE("limits: maxTunnelsPerToken refuses another tunnel of the same token with 429") {
    GatewayFixture gw(limited({{u"maxTunnelsPerToken"_s, 1}}));
    REQUIRE(gw.ok());
    const QByteArray token = gw.mint({{u"platform"_s, u"generic"_s}});
    const QByteArray upgrade = "GET /.pmproxy/tunnel HTTP/1.1\r\nHost: localhost\r\n"
                               "Upgrade: websocket\r\nConnection: Upgrade\r\n"
                               "Sec-WebSocket-Version: 13\r\n"
                               "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                               "Authorization: Bearer " +
                               token + "\r\n\r\n";
    Tls first(gw.gatewayPort());
    REQUIRE(first.encrypted());
    first.socket.write(upgrade);
    REQUIRE(waitFor([&] { return first.received.contains("\r\n\r\n"); }));
    REQUIRE(first.received.startsWith("HTTP/1.1 101"));
    // The first tunnel counts from its handshake on, before its Hello (an upgrade that
    // never says Hello must not be a way around the limit).
    const auto second = testsupport::httpsExchange(gw.gatewayPort(), upgrade);
    CHECK(second.status == 429);
    CHECK(second.json().value(u"error"_s).toString() == u"too_many_tunnels"_s);
    // Another token is not affected.
    const QByteArray other = gw.mint({{u"platform"_s, u"generic"_s}, {u"sub"_s, u"other"_s}});
    QByteArray otherUpgrade = upgrade;
    otherUpgrade.replace(token, other);
    const auto third = testsupport::httpsExchange(gw.gatewayPort(), otherUpgrade);
    CHECK(third.status == 101);
}
