// Ingress through real node groups (README, "Node groups: ingress"): a real gatewayd with
// two groups whose nodes have the same address (10.8.0.2, each in its own namespace
// behind WireGuard: tests/gatewayd/groups/groupworld.h). curl on the public port reaches
// each node's TLS server by SNI (the node's own certificate, end to end) and on
// listen.http each node's web server by Host; GET /api/v1/groups counts the routes'
// connections, and the traffic records say path "ingress" with the group and the host.
#include "apiclient.h"
#include "bmcsim/selfsignedcertificate.h"
#include "gatewayfixture.h"
#include "groupworld.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTemporaryDir>
#include <catch2/catch.hpp>
#include <curlrun.h>
#include <unistd.h>
#include <waitfor.h>

using namespace Qt::StringLiterals;
using testsupport::runCurl;

namespace {

bool writeFile(const QString &path, const QByteArray &data) {
    QFile f(path);
    return f.open(QIODevice::WriteOnly) && f.write(data) == data.size();
}

QString hostOf(int i) {
    return i == 0 ? u"app-a.example.net"_s : u"app-b.example.net"_s;
}

} // namespace

TEST_CASE("ingress groups: the same node address in two groups, told apart by SNI and by Host",
          "[groups]") {
    SKIP_WITHOUT_GROUPS();
    GroupWorld world;
    INFO(world.error().toStdString());
    REQUIRE(world.ok());
    QTemporaryDir dir;
    QStringList certs;
    QJsonArray groups = world.groupsJson();
    for (int i = 0; i < GroupWorld::Groups; ++i) {
        auto id = bmcsim::SelfSignedCertificate::generate({hostOf(i)});
        REQUIRE(id);
        const QString www = dir.filePath(u"tls-%1"_s.arg(i));
        QDir().mkpath(www);
        certs << dir.filePath(u"node%1.pem"_s.arg(i));
        const QString key = dir.filePath(u"node%1.key"_s.arg(i));
        REQUIRE(writeFile(certs.last(), id->certificate.toPem()));
        REQUIRE(writeFile(key, id->key.toPem()));
        REQUIRE(writeFile(www + u"/index.html"_s, "tls node " + QByteArray::number(i) + '\n'));
        // The node's TLS server, on the node's WireGuard address inside its namespace.
        const int server = world.node(i).start(
            u"/bin/sh"_s, {u"-c"_s, u"cd '%1' && exec openssl s_server -accept 10.8.0.2:443 "
                                    "-cert '%2' -key '%3' -WWW"_s.arg(www, certs.last(), key)});
        REQUIRE(server >= 0);
        REQUIRE(world.node(i).running(server));
        QJsonObject group = groups.at(i).toObject();
        QJsonArray routes = group.value(u"routes"_s).toArray();
        QJsonObject route = routes.at(0).toObject();
        REQUIRE(route.value(u"host"_s).toString() == hostOf(i));
        route.insert(u"tls"_s, u"10.8.0.2:443"_s);
        routes[0] = route;
        group.insert(u"routes"_s, routes);
        groups[i] = group;
    }
    GatewayFixture::Options options;
    options.platform = u"generic"_s;
    options.api = true;
    options.config = QJsonObject{{u"groups"_s, groups},
                                 {u"listen"_s, QJsonObject{{u"http"_s, u"127.0.0.1:0"_s}}}};
    GatewayFixture gw(options);
    INFO(gw.startupError().toStdString() << gw.gatewayLog().toStdString());
    REQUIRE(gw.ok());
    REQUIRE(gw.httpPort() != 0);
    // Each node's TLS server answers through its group (it may start after gatewayd).
    for (int i = 0; i < GroupWorld::Groups; ++i) {
        CHECK(testsupport::waitFor([&] {
            const int fd = GroupWorld::connectInGroup(world.groupName(i), u"10.8.0.2"_s, 443);
            if (fd >= 0)
                ::close(fd);
            return fd >= 0;
        }));
    }

    for (int i = 0; i < GroupWorld::Groups; ++i) {
        const QString host = hostOf(i);
        INFO(host.toStdString());
        auto r =
            runCurl({u"-sS"_s, u"--resolve"_s, u"%1:%2:127.0.0.1"_s.arg(host).arg(gw.gatewayPort()),
                     u"--cacert"_s, certs.at(i),
                     u"https://%1:%2/index.html"_s.arg(host).arg(gw.gatewayPort())});
        INFO(r.describe().toStdString());
        CHECK(r.ok());
        CHECK(r.out == "tls node " + QByteArray::number(i) + '\n');
        r = runCurl(
            {u"-sS"_s, u"-H"_s, u"Host: "_s + host, u"http://127.0.0.1:%1/"_s.arg(gw.httpPort())});
        INFO(r.describe().toStdString());
        CHECK(r.ok());
        CHECK(r.out == world.page(i));
    }

    const ApiClient api(gw.apiPort(), gw.apiToken());
    const QJsonArray listed = api.get(u"/api/v1/groups"_s).json().array();
    REQUIRE(listed.size() == GroupWorld::Groups);
    for (const QJsonValue &g : listed) {
        const QJsonObject route = g[u"routes"_s].toArray().at(0).toObject();
        INFO(QJsonDocument(g.toObject()).toJson().toStdString());
        CHECK(route.value(u"connections"_s).toInteger() == 2); // one TLS, one HTTP
        CHECK(route.value(u"liveConnections"_s).isDouble());
        CHECK(route.value(u"bytesDown"_s).toInteger() > 0);
    }
    const QJsonArray records = api.get(u"/api/v1/traffic?since=0"_s).json().array();
    int ingress = 0;
    for (const QJsonValue &r : records) {
        if (r[u"path"_s].toString() != u"ingress"_s)
            continue;
        ++ingress;
        const int i = r[u"host"_s].toString() == hostOf(0) ? 0 : 1;
        CHECK(r[u"host"_s].toString() == hostOf(i));
        CHECK(r[u"group"_s].toString() == world.groupName(i));
        CHECK(r[u"bytesDown"_s].toInteger() > 0);
    }
    CHECK(ingress >= 2);
}
