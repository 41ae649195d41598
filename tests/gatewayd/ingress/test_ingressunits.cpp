// Ingress units: which names are the gateway's own (IngressRoutes), the ClientHello wait
// on a real socket (ClientHelloPeek: a hello trickling in byte by byte, a client that
// sends nothing, one that closes), and the figures per route (IngressStats).
#include "clienthellobuilder.h"
#include "config/configloader.h"
#include "ingress/clienthellopeek.h"
#include "ingress/ingressroutes.h"
#include "ingress/ingresssession.h"
#include "ingress/ingressstats.h"

#include <QTcpServer>
#include <QTcpSocket>
#include <catch2/catch.hpp>
#include <sys/socket.h>
#include <unistd.h>
#include <waitfor.h>

using namespace Qt::StringLiterals;

TEST_CASE("ingress: the gateway's own names, routes, and everything else") {
    gw::GatewayConfig config;
    config.name = u"gw1.example.com"_s;
    config.browser.sessionDomain = u"sessions.example.com"_s;
    config.ingress.agentDomain = u"agents.example.net"_s;
    gw::GatewayConfig::Group group;
    group.name = u"acme"_s;
    gw::GatewayConfig::GroupRoute route;
    route.host = u"app.acme.example"_s;
    route.tls = gw::HostPort{QHostAddress(u"10.8.0.2"_s), 443};
    group.routes = {route};
    config.groups = {group};
    const gw::IngressRoutes routes(config);
    for (const QString &own :
         {u"gw1.example.com"_s, u"sessions.example.com"_s, u"s0123.sessions.example.com"_s,
          u"agents.example.net"_s, u"site-a.agents.example.net"_s, u"192.0.2.7"_s, u"::1"_s}) {
        INFO(own.toStdString());
        CHECK(routes.isOwnName(own));
    }
    for (const QString &other : {u"app.acme.example"_s, u"example.com"_s, u"xgw1.example.com"_s,
                                 u"evilsessions.example.com"_s, u"sessions.example.com.evil"_s}) {
        INFO(other.toStdString());
        CHECK_FALSE(routes.isOwnName(other));
    }
    const auto target = routes.route(u"app.acme.example"_s);
    REQUIRE(target);
    CHECK(target->group == u"acme"_s);
    CHECK(target->route.tls->port == 443);
    CHECK_FALSE(routes.route(u"other.acme.example"_s));
}

namespace {

struct Peeked {
    bool done = false;
    bool ok = false;
    QString why;
    QString name;
};

// Keeps the accepted descriptor raw (no QTcpSocket reads it), as SniSplitServer does.
class RawServer : public QTcpServer {
public:
    ~RawServer() override {
        if (descriptor >= 0)
            ::close(int(descriptor));
    }
    qintptr descriptor = -1;

protected:
    void incomingConnection(qintptr d) override { descriptor = d; }
};

// A connected pair: CLIENT here, the accepted end's descriptor watched by a peek.
struct PeekPair {
    RawServer server;
    QTcpSocket client;
    std::unique_ptr<gw::ClientHelloPeek> peek;
    Peeked result;

    explicit PeekPair(int timeoutMs) {
        REQUIRE(server.listen(QHostAddress::LocalHost));
        client.connectToHost(QHostAddress::LocalHost, server.serverPort());
        REQUIRE(testsupport::waitFor([&] { return server.descriptor >= 0; }));
        peek = std::make_unique<gw::ClientHelloPeek>(server.descriptor, timeoutMs);
        QObject::connect(peek.get(), &gw::ClientHelloPeek::finished,
                         [this](bool ok, const QString &why) {
                             result = {true, ok, why, peek->parser().serverName()};
                         });
    }
};

} // namespace

TEST_CASE("ingress: a ClientHello arriving byte by byte is waited for, then read whole, "
          "and stays in the socket") {
    PeekPair pair(10000);
    ClientHelloBuilder hello;
    hello.serverName = "slow.example.test";
    const QByteArray bytes = hello.records(50);
    pair.peek->start();
    for (qsizetype i = 0; i < bytes.size(); ++i) {
        REQUIRE_FALSE(pair.result.done);
        pair.client.write(bytes.mid(i, 1));
        pair.client.flush();
        if (i % 40 == 0) // let some bytes arrive alone
            testsupport::waitFor([] { return false; }, 20);
    }
    REQUIRE(testsupport::waitFor([&] { return pair.result.done; }));
    CHECK(pair.result.ok);
    CHECK(pair.result.name == u"slow.example.test"_s);
    // Nothing was taken out of the kernel.
    QByteArray all(bytes.size() + 10, '\0');
    const qint64 n = ::recv(int(pair.server.descriptor), all.data(), size_t(all.size()), MSG_PEEK);
    CHECK(n == bytes.size());
}

TEST_CASE("ingress: a client that sends nothing is given up at the deadline, one that closes "
          "at once") {
    {
        PeekPair pair(300);
        pair.peek->start();
        REQUIRE(testsupport::waitFor([&] { return pair.result.done; }, 5000));
        CHECK_FALSE(pair.result.ok);
        CHECK(pair.result.why.contains(u"headerTimeoutMs"_s));
    }
    {
        PeekPair pair(10000);
        pair.peek->start();
        pair.client.write(QByteArray::fromHex("1603"));
        pair.client.disconnectFromHost();
        REQUIRE(testsupport::waitFor([&] { return pair.result.done; }, 5000));
        CHECK_FALSE(pair.result.ok);
        CHECK(pair.result.why.contains(u"closed"_s));
        CHECK(pair.result.why.contains(u"inside"_s));
    }
}

TEST_CASE("ingress: figures per route and per group in /metrics") {
    gw::IngressStats stats;
    stats.opened(u"acme"_s, u"a.acme.example"_s, gw::IngressStats::Mode::Tls);
    stats.opened(u"acme"_s, u"b.acme.example"_s, gw::IngressStats::Mode::Http);
    stats.bytes(u"acme"_s, u"a.acme.example"_s, 10, 1000);
    stats.closed(u"acme"_s, u"b.acme.example"_s);
    stats.refused(u"unknown_host"_s);
    CHECK(stats.routeJson(u"acme"_s, u"a.acme.example"_s).value(u"liveConnections"_s).toInt() == 1);
    const QByteArray text = stats.render();
    CHECK(text.contains(
        "gatewayd_ingress_route_connections{group=\"acme\",host=\"a.acme.example\"} 1\n"));
    CHECK(text.contains("gatewayd_ingress_route_connections_total{group=\"acme\",host=\"b.acme."
                        "example\",mode=\"http\"} 1\n"));
    CHECK(text.contains("gatewayd_ingress_route_bytes_total{group=\"acme\",host=\"a.acme.example\","
                        "direction=\"down\"} 1000\n"));
    CHECK(text.contains("gatewayd_ingress_group_connections{group=\"acme\"} 1\n"));
    CHECK(text.contains("gatewayd_ingress_group_connections_total{group=\"acme\"} 2\n"));
    CHECK(text.contains("gatewayd_ingress_refused_total{reason=\"unknown_host\"} 1\n"));
}

TEST_CASE("ingress: every route is a session of its own, which no token can name") {
    gw::GatewayConfig::GroupRoute a;
    a.host = u"app.example.test"_s;
    gw::GatewayConfig::GroupRoute b;
    b.host = u"app.example.net"_s; // the same up to its last dot
    const gw::HostPort node{QHostAddress(u"10.8.0.2"_s), 443};
    const auto joinA = gw::IngressSession::joining(u"g1"_s, a, node);
    const auto joinB = gw::IngressSession::joining(u"g1"_s, b, node);
    const auto joinA2 = gw::IngressSession::joining(u"g2"_s, a, node);
    const QString idA = gw::SessionRegistry::sessionIdFor(joinA.claims, joinA.token);
    CHECK(idA != gw::SessionRegistry::sessionIdFor(joinB.claims, joinB.token));
    CHECK(idA != gw::SessionRegistry::sessionIdFor(joinA2.claims, joinA2.token));
    CHECK(joinA.path == gw::SessionPath::Ingress);
    CHECK(joinA.group == u"g1"_s);
    CHECK(joinA.host == u"app.example.test"_s);
    const auto route = gw::IngressSession::routeOfSession(joinB.token);
    REQUIRE(route);
    CHECK(route->first == u"g1"_s);
    CHECK(route->second == u"app.example.net"_s);
    CHECK_FALSE(gw::IngressSession::routeOfSession(u"eyJhbGciOiJIUzI1NiJ9.e30.sig"_s));
}
