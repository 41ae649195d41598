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

// Runs PROGRAM with INPUT on its standard input; its exit code 0 and output, trimmed.
bool runTool(const QString &program, const QStringList &args, QByteArray *output = nullptr,
             const QByteArray &input = {}) {
    QProcess p;
    p.start(program, args);
    p.write(input);
    p.closeWriteChannel();
    if (!p.waitForFinished(15000))
        return false;
    if (output)
        *output = p.readAllStandardOutput().trimmed();
    return p.exitStatus() == QProcess::NormalExit && p.exitCode() == 0;
}

// A namespace and a host interface of a group's names that someone else made (as
// wg-quick would); removed when the test ends.
struct ForeignNames {
    QString netns;
    QString ifname;
    ~ForeignNames() {
        runTool(u"/usr/sbin/ip"_s, {u"netns"_s, u"del"_s, netns});
        runTool(u"/usr/sbin/ip"_s, {u"link"_s, u"del"_s, ifname});
    }
};

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

TEST_CASE("groups: a namespace, interface or control socket of a group's names that is not "
          "gatewayd's is refused and never removed",
          "[groups]") {
    SKIP_WITHOUT_GROUPS();
    GroupWorld world(false);
    INFO(world.error().toStdString());
    REQUIRE(world.ok());
    const QString c = world.groupName(0).chopped(1) + u"c"_s;
    const QString d = world.groupName(0).chopped(1) + u"d"_s;
    const ForeignNames foreign{c, u"wg-"_s + d};
    // Namespace c holds a link of its own (so that it is the same one afterwards); the host
    // has an interface wg-d, named as group d's would be (veth pairs: this kernel may have
    // no dummy module).
    REQUIRE(runTool(u"/usr/sbin/ip"_s, {u"netns"_s, u"add"_s, c}));
    REQUIRE(runTool(u"/usr/sbin/ip"_s, {u"-n"_s, c, u"link"_s, u"add"_s, u"keep0"_s, u"type"_s,
                                        u"veth"_s, u"peer"_s, u"name"_s, u"keep1"_s}));
    REQUIRE(runTool(u"/usr/sbin/ip"_s, {u"link"_s, u"add"_s, foreign.ifname, u"type"_s, u"veth"_s,
                                        u"peer"_s, u"name"_s, u"x"_s + d}));
    const auto untouched = [&] {
        return ipOutput({u"-n"_s, c, u"-o"_s, u"link"_s}).contains(u"keep0"_s) &&
               ipOutput({u"-o"_s, u"-d"_s, u"link"_s, u"show"_s, foreign.ifname})
                   .contains(u"veth"_s);
    };
    const auto named = [&](const QString &name) {
        QJsonObject group = world.groupJson(0);
        group[u"name"_s] = name;
        QJsonObject wg = group[u"wireguard"_s].toObject();
        wg[u"listenPort"_s] = GroupWorld::freeUdpPort();
        group[u"wireguard"_s] = wg;
        group[u"routes"_s] = QJsonArray();
        return group;
    };

    // A start whose configuration names them leaves them as they are.
    GatewayFixture::Options options;
    options.platform = u"generic"_s;
    options.api = true;
    options.config = QJsonObject{{u"groups"_s, QJsonArray{named(c), named(d)}}};
    GatewayFixture gw(options);
    INFO(gw.startupError().toStdString() << gw.gatewayLog().toStdString());
    REQUIRE(gw.ok());
    CHECK(untouched());

    // An apply naming either is refused, naming what is in the way.
    const ApiClient api(gw.apiPort(), gw.apiToken());
    QJsonObject document = gw.config();
    document[u"groups"_s] = QJsonArray{named(c)};
    const auto refusedC = api.post(u"/api/v1/apply"_s, QJsonDocument(document).toJson());
    INFO(refusedC.body.toStdString());
    CHECK(refusedC.status == 400);
    CHECK(refusedC.body.contains(c.toUtf8()));
    CHECK(refusedC.body.contains("not one of gatewayd's"));
    document[u"groups"_s] = QJsonArray{named(d)};
    const auto refusedD = api.post(u"/api/v1/apply"_s, QJsonDocument(document).toJson());
    INFO(refusedD.body.toStdString());
    CHECK(refusedD.status == 400);
    CHECK(refusedD.body.contains(foreign.ifname.toUtf8()));
    CHECK(untouched());

    // So is a group whose wireguard-go control socket is someone else's.
    const QString e = world.groupName(0).chopped(1) + u"e"_s;
    const QString socketPath = u"/run/wireguard/wg-"_s + e + u".sock"_s;
    {
        QFile socket(socketPath);
        REQUIRE(socket.open(QIODevice::WriteOnly));
    }
    document[u"groups"_s] = QJsonArray{named(e)};
    const auto refusedE = api.post(u"/api/v1/apply"_s, QJsonDocument(document).toJson());
    INFO(refusedE.body.toStdString());
    CHECK(refusedE.status == 400);
    CHECK(refusedE.body.contains(socketPath.toUtf8()));
    CHECK(QFile::exists(socketPath));
    QFile::remove(socketPath);

    // A restart and a clean exit leave them too.
    REQUIRE(gw.restartGateway());
    CHECK(untouched());
    CHECK(gw.terminateGateway() == 0);
    CHECK(untouched());
}

TEST_CASE("groups: a new private key in the same file is applied", "[groups]") {
    SKIP_WITHOUT_GROUPS();
    GroupWorld world(false);
    INFO(world.error().toStdString());
    REQUIRE(world.ok());
    GatewayFixture::Options options;
    options.platform = u"generic"_s;
    options.api = true;
    options.config = QJsonObject{{u"groups"_s, QJsonArray{world.groupJson(0)}}};
    GatewayFixture gw(options);
    INFO(gw.startupError().toStdString() << gw.gatewayLog().toStdString());
    REQUIRE(gw.ok());
    const QString a = world.groupName(0);
    const auto publicKeyInGroup = [&] {
        QByteArray key;
        runTool(u"/usr/sbin/ip"_s,
                {u"netns"_s, u"exec"_s, a, u"wg"_s, u"show"_s, u"wg-"_s + a, u"public-key"_s},
                &key);
        return key;
    };
    const QByteArray before = publicKeyInGroup();
    REQUIRE_FALSE(before.isEmpty());

    QByteArray privateKey;
    QByteArray publicKey;
    REQUIRE(runTool(u"wg"_s, {u"genkey"_s}, &privateKey));
    REQUIRE(runTool(u"wg"_s, {u"pubkey"_s}, &publicKey, privateKey + '\n'));
    QFile keyFile(world.keyFile(0));
    REQUIRE(keyFile.open(QIODevice::WriteOnly | QIODevice::Truncate));
    REQUIRE(keyFile.write(privateKey + '\n') > 0);
    keyFile.close();

    const ApiClient api(gw.apiPort(), gw.apiToken());
    const auto applied = api.post(u"/api/v1/apply"_s, QJsonDocument(gw.config()).toJson());
    INFO(applied.body.toStdString());
    CHECK(applied.status == 200);
    CHECK(publicKeyInGroup() == publicKey);
    CHECK(publicKey != before);
    CHECK_FALSE(gw.gatewayLog().contains(privateKey));
}
