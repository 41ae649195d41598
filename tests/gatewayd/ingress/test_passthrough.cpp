// TLS ingress by SNI on the public listener (README, "Node groups: ingress"), end to end
// with curl against real TLS nodes (openssl s_server): each route's host reaches its
// node and sees the node's own certificate (the gateway never holds its key), an
// unknown name is closed without the gateway's certificate, the gateway's own names and
// clients without SNI are served by the gateway as before, a large transfer arrives
// intact, the bytes are accounted to the route (path "ingress", group, host), and a
// connection still awaited by an old listener is closed when listen.public changes.
#include "ingress/ingressstats.h"
#include "ingress/snisplitserver.h"
#include "ingressfixture.h"

#include <QSslSocket>
#include <catch2/catch.hpp>
#include <curlrun.h>
#include <waitfor.h>

using namespace Qt::StringLiterals;
using testsupport::runCurl;

namespace {

QStringList resolveArgs(const IngressFixture &fx, const QString &host) {
    return {u"-sS"_s, u"--resolve"_s, u"%1:%2:127.0.0.1"_s.arg(host).arg(fx.port())};
}

QString url(const IngressFixture &fx, const QString &host, const QString &path = u"/index.html"_s) {
    return u"https://%1:%2%3"_s.arg(host).arg(fx.port()).arg(path);
}

} // namespace

TEST_CASE("ingress: each route's host reaches its own node, with the node's certificate") {
    IngressFixture fx({u"g1"_s, u"g2"_s}, {u"app-a.example.test"_s, u"app-b.example.test"_s});
    REQUIRE(fx.ok());
    for (int i : {0, 1}) {
        const auto &node = fx.node(i);
        INFO(node.host.toStdString());
        // --cacert: only the node's own certificate verifies for its name.
        const auto r = runCurl(resolveArgs(fx, node.host) +
                               QStringList{u"--cacert"_s, node.certPath, url(fx, node.host)});
        INFO(r.describe().toStdString());
        REQUIRE(r.ok());
        CHECK(r.out == "node " + node.host.toUtf8() + '\n');
        // The gateway's certificate does not verify it: it never terminated this TLS.
        const auto other =
            runCurl(resolveArgs(fx, node.host) +
                    QStringList{u"--cacert"_s, fx.gatewayCertPath(), url(fx, node.host)});
        CHECK(other.exitCode == 60); // curl: peer certificate cannot be authenticated
    }
    const gw::IngressStats::Route a =
        fx.server().context()->services.ingress->route(u"g1"_s, u"app-a.example.test"_s);
    CHECK(a.connections == 2);
    CHECK(a.bytesDown > 0);
    CHECK(testsupport::waitFor([&] {
        return fx.server()
                   .context()
                   ->services.ingress->route(u"g1"_s, u"app-a.example.test"_s)
                   .live == 0;
    }));
}

TEST_CASE("ingress: an unknown server name is closed without the gateway's certificate") {
    IngressFixture fx({u"g1"_s}, {u"app-a.example.test"_s});
    REQUIRE(fx.ok());
    QSslSocket client;
    client.setPeerVerifyMode(QSslSocket::VerifyNone);
    bool encrypted = false;
    QObject::connect(&client, &QSslSocket::encrypted, [&] { encrypted = true; });
    client.connectToHostEncrypted(u"127.0.0.1"_s, fx.port(), u"customer.example.test"_s);
    REQUIRE(
        testsupport::waitFor([&] { return client.state() == QAbstractSocket::UnconnectedState; }));
    CHECK_FALSE(encrypted);
    CHECK(client.peerCertificate().isNull());
    // curl says the same: the connection ends during the handshake.
    const auto r = runCurl(resolveArgs(fx, u"customer.example.test"_s) +
                           QStringList{u"-k"_s, url(fx, u"customer.example.test"_s)});
    CHECK(r.exitCode == 35);
}

TEST_CASE("ingress: the gateway's own name and clients without SNI are served by the gateway") {
    IngressFixture fx({u"g1"_s}, {u"app-a.example.test"_s});
    REQUIRE(fx.ok());
    // By name (SNI localhost), verified against the gateway's certificate: its 401 JSON.
    auto r = runCurl(resolveArgs(fx, u"localhost"_s) +
                     QStringList{u"--cacert"_s, fx.gatewayCertPath(), u"-w"_s, u"%{http_code}"_s,
                                 url(fx, u"localhost"_s, u"/"_s)});
    INFO(r.describe().toStdString());
    REQUIRE(r.finished);
    CHECK(r.exitCode == 0);
    CHECK(r.out.endsWith("401"));
    CHECK(r.out.contains("\"error\""));
    // By address: curl sends no SNI for an IP literal.
    r = runCurl({u"-sS"_s, u"--cacert"_s, fx.gatewayCertPath(), u"-w"_s, u"%{http_code}"_s,
                 u"https://127.0.0.1:%1/"_s.arg(fx.port())});
    INFO(r.describe().toStdString());
    CHECK(r.exitCode == 0);
    CHECK(r.out.endsWith("401"));
    // Garbage instead of a ClientHello: closed.
    QTcpSocket plain;
    plain.connectToHost(QHostAddress::LocalHost, fx.port());
    REQUIRE(plain.waitForConnected(5000));
    plain.write("GET / HTTP/1.1\r\nHost: app-a.example.test\r\n\r\n");
    REQUIRE(
        testsupport::waitFor([&] { return plain.state() == QAbstractSocket::UnconnectedState; }));
    CHECK(plain.readAll().isEmpty());
}

TEST_CASE("ingress: 64 MiB through TLS passthrough arrive intact and are accounted to the route") {
    IngressFixture fx({u"g1"_s}, {u"app-a.example.test"_s});
    REQUIRE(fx.ok());
    constexpr qint64 kSize = 64ll << 20;
    REQUIRE(fx.writePatternFile(0, u"big.bin"_s, kSize));
    const auto &node = fx.node(0);
    const auto r = runCurl(testsupport::CurlJob::patternDownload(
        resolveArgs(fx, node.host) +
            QStringList{u"--cacert"_s, node.certPath, url(fx, node.host, u"/big.bin"_s)},
        120000));
    INFO(r.describe().toStdString());
    REQUIRE(r.ok());
    CHECK(r.received == kSize);
    const auto usage = fx.sessions().takeUsage(0);
    REQUIRE(usage.size() == 1);
    const gw::SessionUsage &u = usage.first();
    CHECK(u.identity.path == gw::SessionPath::Ingress);
    CHECK(u.identity.group == u"g1"_s);
    CHECK(u.identity.host == u"app-a.example.test"_s);
    // Encrypted bytes: the body plus TLS and HTTP overhead, well within 1 %.
    CHECK(double(u.delta.bytesDown) >= double(kSize));
    CHECK(double(u.delta.bytesDown) <= double(kSize) * 1.01);
    CHECK(u.delta.bytesUp > 0);
    CHECK(u.delta.bytesUp < 64 * 1024);
}

TEST_CASE("ingress: a client silent before its ClientHello is disconnected when listen.public "
          "changes") {
    IngressFixture fx({u"g1"_s}, {u"app-a.example.test"_s});
    REQUIRE(fx.ok());
    QTcpSocket silent;
    silent.connectToHost(QHostAddress::LocalHost, fx.port());
    REQUIRE(silent.waitForConnected(5000));
    auto *listener = fx.server().findChild<gw::SniSplitServer *>();
    REQUIRE(listener);
    REQUIRE(testsupport::waitFor([&] { return listener->peeking() == 1; }));

    gw::GatewayConfig config = fx.server().context()->config;
    config.listen.publicAddress.address = QHostAddress(u"127.0.0.2"_s);
    auto prepared = fx.server().prepare(config);
    REQUIRE(prepared);
    fx.server().commit(std::move(prepared).value());
    // Well within limits.headerTimeoutMs (10 s): the old listener's peek closed it.
    CHECK(testsupport::waitFor([&] { return silent.state() == QAbstractSocket::UnconnectedState; },
                               5000));
}
