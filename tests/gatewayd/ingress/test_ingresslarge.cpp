// 1 GiB through each ingress path of a real node group (README, "Node groups: ingress";
// the world of tests/gatewayd/groups/groupworld.h: the node sits at 10.8.0.2 behind
// WireGuard, in its own namespace). The node serves one file of the vmedia test pattern
// over TLS (openssl s_server, reached by SNI passthrough) and over plain HTTP (Python's
// http.server, reached by Host on listen.http); curl checks every byte against the
// pattern as it arrives, gatewayd's memory stays bounded, and the traffic records account
// each path's bytes within 1 %.
#include "apiclient.h"
#include "bmcsim/selfsignedcertificate.h"
#include "gatewayfixture.h"
#include "groupworld.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QTemporaryDir>
#include <catch2/catch.hpp>
#include <curlrun.h>
#include <patterndigest.h>
#include <procstatus.h>
#include <unistd.h>
#include <waitfor.h>

using namespace Qt::StringLiterals;
using testsupport::CurlJob;
using testsupport::runCurl;

namespace {

constexpr qint64 kSize = 1ll << 30;
constexpr qint64 kProbe = 32ll << 20;
const QString kHost = u"big-a.example.net"_s;

bool writeFile(const QString &path, const QByteArray &data) {
    QFile f(path);
    return f.open(QIODevice::WriteOnly) && f.write(data) == data.size();
}

// Bytes down of the ingress records of HOST, summed.
qint64 ingressBytesDown(const ApiClient &api, const QString &host) {
    qint64 sum = 0;
    for (const QJsonValue &r : api.get(u"/api/v1/traffic?since=0"_s).json().array()) {
        if (r[u"path"_s].toString() == u"ingress"_s && r[u"host"_s].toString() == host)
            sum += r[u"bytesDown"_s].toInteger();
    }
    return sum;
}

} // namespace

TEST_CASE("ingress groups: 1 GiB through TLS passthrough and through HTTP by Host, whole, in "
          "bounded memory, accounted within 1 %",
          "[groups]") {
    SKIP_WITHOUT_GROUPS();
    GroupWorld world;
    INFO(world.error().toStdString());
    REQUIRE(world.ok());
    QTemporaryDir dir(QDir::tempPath() + u"/pmproxy-ingress-large-XXXXXX"_s);
    REQUIRE(dir.isValid());
    const QString www = dir.filePath(u"www"_s);
    REQUIRE(QDir().mkpath(www));
    REQUIRE(testsupport::writePatternFile(www + u"/probe.bin"_s, kProbe));
    REQUIRE(testsupport::writePatternFile(www + u"/big.bin"_s, kSize));
    auto id = bmcsim::SelfSignedCertificate::generate({kHost});
    REQUIRE(id);
    const QString cert = dir.filePath(u"node.pem"_s);
    const QString key = dir.filePath(u"node.key"_s);
    REQUIRE(writeFile(cert, id->certificate.toPem()));
    REQUIRE(writeFile(key, id->key.toPem()));
    // Node 0 serves the files over TLS on 443 and plain HTTP on 8081 (its page stays on 80).
    const int tls = world.node(0).start(
        u"/bin/sh"_s, {u"-c"_s, u"cd '%1' && exec openssl s_server -quiet -accept 10.8.0.2:443 "
                                "-cert '%2' -key '%3' -WWW"_s.arg(www, cert, key)});
    const int http = world.node(0).start(
        u"/usr/bin/python3"_s,
        {u"-m"_s, u"http.server"_s, u"--bind"_s, u"10.8.0.2"_s, u"--directory"_s, www, u"8081"_s});
    REQUIRE(tls >= 0);
    REQUIRE(http >= 0);

    QJsonArray groups = world.groupsJson();
    QJsonObject group = groups.at(0).toObject();
    group.insert(u"routes"_s, QJsonArray{QJsonObject{{u"host"_s, kHost},
                                                     {u"tls"_s, u"10.8.0.2:443"_s},
                                                     {u"http"_s, u"10.8.0.2:8081"_s}}});
    groups[0] = group;
    GatewayFixture::Options options;
    options.platform = u"generic"_s;
    options.api = true;
    options.config = QJsonObject{{u"groups"_s, groups},
                                 {u"listen"_s, QJsonObject{{u"http"_s, u"127.0.0.1:0"_s}}}};
    GatewayFixture gw(options);
    INFO(gw.startupError().toStdString() << gw.gatewayLog().toStdString());
    REQUIRE(gw.ok());
    for (const quint16 port : {quint16(443), quint16(8081)}) {
        REQUIRE(testsupport::waitFor([&] {
            const int fd = GroupWorld::connectInGroup(world.groupName(0), u"10.8.0.2"_s, port);
            if (fd >= 0)
                ::close(fd);
            return fd >= 0;
        }));
    }

    const QStringList tlsArgs{
        u"-sS"_s,      u"--resolve"_s, u"%1:%2:127.0.0.1"_s.arg(kHost).arg(gw.gatewayPort()),
        u"--cacert"_s, cert,           u"-o"_s,
        u"-"_s};
    const QString tlsBase = u"https://%1:%2/"_s.arg(kHost).arg(gw.gatewayPort());
    const QStringList httpArgs{u"-sS"_s, u"-H"_s, u"Host: "_s + kHost, u"-o"_s, u"-"_s};
    const QString httpBase = u"http://127.0.0.1:%1/"_s.arg(gw.httpPort());

    // The rate of this machine's WireGuard path, measured: deadlines are ten times the
    // time it gives for 1 GiB, plus start-up.
    const auto probe =
        runCurl(CurlJob::patternDownload(QStringList(tlsArgs) << tlsBase + u"probe.bin"_s, 120000));
    INFO("probe: " << probe.describe().toStdString());
    REQUIRE(probe.ok());
    REQUIRE(probe.received == kProbe);
    const int deadlineMs = 30000 + int(10.0 * probe.seconds * 1000.0 * double(kSize) / kProbe);
    const ApiClient api(gw.apiPort(), gw.apiToken());
    REQUIRE(testsupport::waitFor([&] { return ingressBytesDown(api, kHost) >= kProbe; }));
    const qint64 before = ingressBytesDown(api, kHost);
    const qint64 rssBase = testsupport::rssKib(gw.gatewayPid());
    REQUIRE(rssBase > 0);

    const auto passthrough = runCurl(
        CurlJob::patternDownload(QStringList(tlsArgs) << tlsBase + u"big.bin"_s, deadlineMs));
    INFO("passthrough: " << passthrough.describe().toStdString());
    CHECK(passthrough.ok());
    CHECK(passthrough.received == kSize);
    const auto byHost = runCurl(
        CurlJob::patternDownload(QStringList(httpArgs) << httpBase + u"big.bin"_s, deadlineMs));
    INFO("by Host: " << byHost.describe().toStdString());
    CHECK(byHost.ok());
    CHECK(byHost.received == kSize);

    const qint64 peak = testsupport::peakRssKib(gw.gatewayPid());
    WARN("1 GiB by SNI passthrough " << passthrough.seconds << " s, by Host " << byHost.seconds
                                     << " s; gatewayd peak RSS " << peak / 1024 << " MiB (from "
                                     << rssBase / 1024 << ")");
    CHECK(peak - rssBase < 96 * 1024);
    // Both transfers' bytes toward the client: the bodies plus TLS records and heads.
    CHECK(testsupport::waitFor([&] { return ingressBytesDown(api, kHost) - before >= 2 * kSize; }));
    const qint64 accounted = ingressBytesDown(api, kHost) - before;
    INFO("accounted " << accounted);
    CHECK(double(accounted) <= 2.0 * double(kSize) * 1.01);
}
