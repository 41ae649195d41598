// Issue 8, point 12: a broad targets.allow must not open the gateway's loopback, link-local
// neighbours (cloud metadata at 169.254.169.254) or the gateway's own addresses; only an
// entry that names them does.
#include "gatewayfixture.h"
#include "httpsclient.h"

#include <QNetworkInterface>
#include <QTcpServer>
#include <catch2/catch.hpp>

using namespace Qt::StringLiterals;
using testsupport::httpsGet;

namespace {

GatewayFixture::Options broad(const QStringList &extra = {}) {
    GatewayFixture::Options options;
    options.platform = u"generic"_s;
    options.allow = QStringList{u"0.0.0.0/0"_s, u"::/0"_s} + extra;
    return options;
}

QString errorOf(const testsupport::RawReply &reply) {
    return reply.json().value(u"error"_s).toString();
}

} // namespace

TEST_CASE("targets: 0.0.0.0/0 does not reach loopback, link-local or the gateway's own address") {
    GatewayFixture gw(broad());
    REQUIRE(gw.ok());
    // A BMC stand-in on a non-loopback address of this machine, if it has one: it must
    // see no connection.
    QHostAddress own;
    for (const QHostAddress &a : QNetworkInterface::allAddresses()) {
        if (!a.isLoopback() && a.protocol() == QAbstractSocket::IPv4Protocol && !a.isLinkLocal())
            own = a;
    }
    QTcpServer ownListener;
    if (!own.isNull())
        REQUIRE(ownListener.listen(own, 0));

    struct Case {
        QString ip;
        quint16 port;
    };
    QList<Case> cases{{u"127.0.0.1"_s, gw.bmcPort()},
                      {u"localhost"_s, gw.bmcPort()},
                      {u"::ffff:127.0.0.1"_s, gw.bmcPort()},
                      {u"127.1.2.3"_s, gw.bmcPort()},
                      {u"::1"_s, gw.bmcPort()},
                      {u"169.254.169.254"_s, 80},
                      {u"fe80::1"_s, 443},
                      {u"0.0.0.0"_s, gw.bmcPort()}};
    if (!own.isNull())
        cases.append({own.toString(), ownListener.serverPort()});
    else
        WARN("this machine has no non-loopback IPv4 address: the own-address case is skipped");
    for (const Case &c : cases) {
        INFO(c.ip.toStdString());
        const QByteArray token =
            gw.mint({{u"ip"_s, c.ip}, {u"port"_s, c.port}, {u"platform"_s, u"generic"_s}});
        const auto reply =
            httpsGet(gw.gatewayPort(), "/redfish/v1", GatewayFixture::cookieHeader(token));
        CHECK(reply.status == 403);
        CHECK(errorOf(reply) == u"target_not_allowed"_s);
    }
    if (!own.isNull())
        CHECK_FALSE(ownListener.hasPendingConnections());
}

TEST_CASE("targets: an entry naming loopback explicitly lets the emulated BMC through") {
    GatewayFixture gw(broad({u"127.0.0.0/8"_s}));
    REQUIRE(gw.ok());
    const QByteArray token = gw.mint({{u"platform"_s, u"generic"_s}});
    const auto reply =
        httpsGet(gw.gatewayPort(), "/redfish/v1", GatewayFixture::cookieHeader(token));
    INFO(reply.body.toStdString());
    CHECK(reply.status == 200);
    // ::1 is not named by 127.0.0.0/8.
    const auto v6 = httpsGet(gw.gatewayPort(), "/redfish/v1",
                             GatewayFixture::cookieHeader(
                                 gw.mint({{u"ip"_s, u"::1"_s}, {u"platform"_s, u"generic"_s}})));
    CHECK(v6.status == 403);
}
