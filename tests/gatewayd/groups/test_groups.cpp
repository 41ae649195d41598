// Node groups end to end (issue 11, README "Node groups"): a real gatewayd makes two
// groups over the same 10.8.0.0/24, each in its own network namespace with a wireguard-go
// interface; each group's node (its own namespace, a real WireGuard peer) serves a page.
#include "apiclient.h"
#include "gatewayfixture.h"
#include "groupworld.h"
#include "waitfor.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <catch2/catch.hpp>
#include <csignal>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

using namespace Qt::StringLiterals;

namespace {

QString ipOutput(const QStringList &args) {
    QProcess p;
    p.start(u"/usr/sbin/ip"_s, args);
    p.waitForFinished(15000);
    return QString::fromLocal8Bit(p.readAllStandardOutput());
}

bool namespaceExists(const QString &name) {
    return QFile::exists(u"/run/netns/"_s + name);
}

GatewayFixture::Options withGroups(const GroupWorld &world) {
    GatewayFixture::Options options;
    options.platform = u"generic"_s;
    options.api = true;
    options.config = QJsonObject{{u"groups"_s, world.groupsJson()}};
    return options;
}

QJsonObject groupNamed(const QJsonArray &groups, const QString &name) {
    for (const QJsonValue &g : groups) {
        if (g[u"name"_s].toString() == name)
            return g.toObject();
    }
    return {};
}

} // namespace

TEST_CASE("groups: each group reaches its own node at the same address, and nothing else does",
          "[groups]") {
    SKIP_WITHOUT_GROUPS();
    GroupWorld world;
    INFO(world.error().toStdString());
    REQUIRE(world.ok());
    GatewayFixture gw(withGroups(world));
    INFO(gw.startupError().toStdString() << gw.gatewayLog().toStdString());
    REQUIRE(gw.ok());
    const QString a = world.groupName(0);
    const QString b = world.groupName(1);
    REQUIRE(namespaceExists(a));
    REQUIRE(namespaceExists(b));

    // From group a's namespace 10.8.0.2 is node a; from b's, node b.
    QString error;
    CHECK(GroupWorld::getInGroup(a, u"10.8.0.2"_s, 80, &error) == world.page(0));
    INFO(error.toStdString());
    CHECK(GroupWorld::getInGroup(b, u"10.8.0.2"_s, 80, &error) == world.page(1));
    INFO(error.toStdString());

    // The host's routing table holds neither group, and the groups' interfaces are not in
    // the host's namespace.
    const QString hostRoutes = ipOutput({u"route"_s, u"show"_s, u"table"_s, u"all"_s});
    CHECK_FALSE(hostRoutes.contains(u"10.8.0."_s));
    CHECK_FALSE(ipOutput({u"-o"_s, u"link"_s}).contains(u"wg-"_s + a));
    // Each group's namespace holds its interface and loopback only.
    CHECK(ipOutput({u"-n"_s, a, u"-o"_s, u"link"_s}).count(u'\n') == 2);

    // Node b reaches the gateway's end of group b; node a, asking the same address, does not.
    REQUIRE(world.serveInGroupNamespace(b, "gateway end of group b\n"));
    CHECK(world.curlFromNode(1, u"http://10.8.0.1:8080/"_s) == "gateway end of group b\n");
    CHECK(world.curlFromNode(0, u"http://10.8.0.1:8080/"_s).isEmpty());
    // And node a asking for 10.8.0.2 only ever meets itself.
    CHECK(world.curlFromNode(0, u"http://10.8.0.2/"_s) == world.page(0));

    // The API shows both groups: namespace, interface up, the peer's handshake and bytes.
    const ApiClient api(gw.apiPort(), gw.apiToken());
    const auto groups = api.get(u"/api/v1/groups"_s);
    REQUIRE(groups.status == 200);
    const QJsonArray list = groups.json().array();
    CHECK(list.size() == 2);
    const QJsonObject ga = groupNamed(list, a);
    CHECK(ga[u"namespace"_s][u"present"_s].toBool());
    CHECK(ga[u"interface"_s][u"name"_s].toString() == u"wg-"_s + a);
    CHECK(ga[u"interface"_s][u"up"_s].toBool());
    CHECK(ga[u"interface"_s][u"implementation"_s].toString() == u"wireguard-go"_s);
    CHECK(ga[u"interface"_s][u"listenPort"_s].toInt() ==
          world.groupJson(0)[u"wireguard"_s][u"listenPort"_s].toInt());
    const QJsonObject peer = ga[u"peers"_s][0].toObject();
    CHECK(peer[u"publicKey"_s].toString() ==
          world.groupJson(0)[u"wireguard"_s][u"peers"_s][0][u"publicKey"_s].toString());
    CHECK(peer[u"latestHandshake"_s].isString());
    CHECK(peer[u"rxBytes"_s].toInteger() > 0);
    CHECK(peer[u"txBytes"_s].toInteger() > 0);
    CHECK(ga[u"routes"_s][0][u"host"_s].toString() == u"app-a.example.net"_s);
    // Never the private key: neither the API nor the configuration shows it.
    QFile key(world.keyFile(0));
    REQUIRE(key.open(QIODevice::ReadOnly));
    const QByteArray privateKey = key.readAll().trimmed();
    CHECK_FALSE(groups.body.contains(privateKey));
    CHECK_FALSE(api.get(u"/api/v1/config"_s).body.contains(privateKey));
    CHECK_FALSE(gw.gatewayLog().contains(privateKey));

    const auto metrics = api.get(u"/metrics"_s);
    CHECK(metrics.body.contains("gatewayd_group_peer_handshake_age_seconds{group=\"" +
                                a.toLatin1() + "\",peer=\""));
}

TEST_CASE("groups: a bad apply changes nothing, removing a group removes its namespace, and "
          "gatewayd leaves nothing behind",
          "[groups]") {
    SKIP_WITHOUT_GROUPS();
    GroupWorld world;
    INFO(world.error().toStdString());
    REQUIRE(world.ok());
    GatewayFixture gw(withGroups(world));
    INFO(gw.startupError().toStdString() << gw.gatewayLog().toStdString());
    REQUIRE(gw.ok());
    const QString a = world.groupName(0);
    const QString b = world.groupName(1);
    const ApiClient api(gw.apiPort(), gw.apiToken());
    QString error;

    // A bad peer key: 400 naming it, and both groups run on as they were.
    QJsonObject document = gw.config();
    QJsonArray groups = world.groupsJson();
    QJsonObject badB = groups[1].toObject();
    QJsonObject wgB = badB[u"wireguard"_s].toObject();
    QJsonArray peers = wgB[u"peers"_s].toArray();
    QJsonObject peer = peers[0].toObject();
    peer[u"publicKey"_s] = u"not-a-key"_s;
    peers[0] = peer;
    wgB[u"peers"_s] = peers;
    badB[u"wireguard"_s] = wgB;
    groups[1] = badB;
    document[u"groups"_s] = groups;
    const auto refused = api.post(u"/api/v1/apply"_s, QJsonDocument(document).toJson());
    CHECK(refused.status == 400);
    CHECK(refused.body.contains("groups[1].wireguard.peers[0].publicKey"));
    CHECK(GroupWorld::getInGroup(b, u"10.8.0.2"_s, 80, &error) == world.page(1));

    // A group that fails half-way (its peer's endpoint names no host): 500, the group is
    // not made, and the change to group a in the same apply is undone.
    QJsonObject broken = world.groupJson(1);
    broken[u"name"_s] = a.chopped(1) + u"c"_s;
    QJsonObject wgC = broken[u"wireguard"_s].toObject();
    wgC[u"listenPort"_s] = GroupWorld::freeUdpPort();
    QJsonArray peersC = wgC[u"peers"_s].toArray();
    QJsonObject peerC = peersC[0].toObject();
    peerC[u"endpoint"_s] = u"no-such-node.invalid:51820"_s;
    peersC[0] = peerC;
    wgC[u"peers"_s] = peersC;
    broken[u"wireguard"_s] = wgC;
    broken[u"routes"_s] = QJsonArray();
    QJsonObject changedA = world.groupJson(0);
    changedA[u"routes"_s] = QJsonArray();
    document[u"groups"_s] = QJsonArray{changedA, world.groupJson(1), broken};
    const auto failed = api.post(u"/api/v1/apply"_s, QJsonDocument(document).toJson());
    INFO(failed.body.toStdString());
    CHECK(failed.status == 500);
    CHECK_FALSE(namespaceExists(broken[u"name"_s].toString()));
    const QJsonObject stillA = groupNamed(api.get(u"/api/v1/groups"_s).json().array(), a);
    CHECK(stillA[u"routes"_s].toArray().size() == 1);

    // Removing group b: its namespace goes, and with it the connections into it, at once;
    // group a is untouched, connections included.
    const int intoB = GroupWorld::connectInGroup(b, u"10.8.0.2"_s, 80);
    const int intoA = GroupWorld::connectInGroup(a, u"10.8.0.2"_s, 80);
    REQUIRE(intoB >= 0);
    REQUIRE(intoA >= 0);
    document[u"groups"_s] = QJsonArray{world.groupJson(0)};
    const auto applied = api.post(u"/api/v1/apply"_s, QJsonDocument(document).toJson());
    INFO(applied.body.toStdString());
    CHECK(applied.status == 200);
    CHECK_FALSE(namespaceExists(b));
    CHECK(GroupWorld::endsSoon(intoB));
    const QByteArray request = "GET / HTTP/1.0\r\n\r\n";
    CHECK(::send(intoA, request.constData(), size_t(request.size()), MSG_NOSIGNAL) ==
          request.size());
    pollfd answer{intoA, POLLIN, 0};
    CHECK(::poll(&answer, 1, 10000) == 1);
    char buffer[64] = {};
    CHECK(::recv(intoA, buffer, sizeof buffer - 1, 0) > 0);
    CHECK(QByteArray(buffer).startsWith("HTTP/1.0 200"));
    ::close(intoA);
    ::close(intoB);
    CHECK(GroupWorld::getInGroup(b, u"10.8.0.2"_s, 80, &error).isEmpty());
    CHECK(GroupWorld::getInGroup(a, u"10.8.0.2"_s, 80, &error) == world.page(0));
    CHECK(api.get(u"/api/v1/groups"_s).json().array().size() == 1);

    // A changed group is updated in place: a peer added, the existing one kept, its
    // connections too.
    const int kept = GroupWorld::connectInGroup(a, u"10.8.0.2"_s, 80);
    REQUIRE(kept >= 0);
    QJsonObject moreA = world.groupJson(0);
    QJsonObject wgA = moreA[u"wireguard"_s].toObject();
    QJsonArray peersA = wgA[u"peers"_s].toArray();
    peersA.append(QJsonObject{{u"publicKey"_s, u"AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8="_s},
                              {u"allowedIps"_s, QJsonArray{u"10.8.0.3/32"_s}}});
    wgA[u"peers"_s] = peersA;
    moreA[u"wireguard"_s] = wgA;
    document[u"groups"_s] = QJsonArray{moreA};
    const auto updated = api.post(u"/api/v1/apply"_s, QJsonDocument(document).toJson());
    INFO(updated.body.toStdString());
    CHECK(updated.status == 200);
    const QJsonObject groupA = groupNamed(api.get(u"/api/v1/groups"_s).json().array(), a);
    CHECK(groupA[u"peers"_s].toArray().size() == 2);
    pollfd quiet{kept, POLLIN, 0};
    CHECK(::poll(&quiet, 1, 200) == 0); // neither reset nor closed
    ::close(kept);
    CHECK(GroupWorld::getInGroup(a, u"10.8.0.2"_s, 80, &error) == world.page(0));

    // gatewayd killed: its wireguard-go dies with it, the namespace is left over; the next
    // start replaces it, and the group works again.
    REQUIRE(::kill(pid_t(gw.gatewayPid()), SIGKILL) == 0);
    const QString controlSocket = u"/run/wireguard/wg-"_s + a + u".sock"_s;
    CHECK(testsupport::waitFor([&] { return !QFile::exists(controlSocket); }));
    CHECK(namespaceExists(a));
    CHECK(GroupWorld::getInGroup(a, u"10.8.0.2"_s, 80, &error).isEmpty());
    REQUIRE(gw.restartGateway());
    CHECK(namespaceExists(a));
    CHECK(GroupWorld::getInGroup(a, u"10.8.0.2"_s, 80, &error) == world.page(0));
    CHECK(groupNamed(ApiClient(gw.apiPort(), gw.apiToken()).get(u"/api/v1/groups"_s).json().array(),
                     a)[u"running"_s] == true);

    // A clean exit removes it all.
    CHECK(gw.terminateGateway() == 0);
    CHECK_FALSE(namespaceExists(a));
    CHECK_FALSE(QFile::exists(u"/run/wireguard/wg-"_s + a + u".sock"_s));
    CHECK_FALSE(ipOutput({u"-o"_s, u"link"_s}).contains(u"wg-"_s + a));
}
