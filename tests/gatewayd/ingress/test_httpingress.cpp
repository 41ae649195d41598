// Plain-HTTP ingress by Host on listen.http (README, "Node groups: ingress"), end to end
// with curl against real HTTP nodes (httpnode.py): each route's host reaches its node with
// X-Forwarded-For/-Proto/-Host, keep-alive, Content-Length and chunked bodies intact, a
// WebSocket upgrade relayed, an unknown Host answered 404 unknown_host, and the traffic
// accounted to the route (and requests the gateway answers itself, to none).
#include "ingress/ingressstats.h"
#include "ingressfixture.h"

#include <QCryptographicHash>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTcpSocket>
#include <QTemporaryFile>
#include <catch2/catch.hpp>
#include <curlrun.h>
#include <waitfor.h>

using namespace Qt::StringLiterals;
using testsupport::runCurl;

namespace {

QStringList at(const IngressFixture &fx, const QString &host) {
    return {u"-sS"_s, u"--resolve"_s, u"%1:%2:127.0.0.1"_s.arg(host).arg(fx.httpPort())};
}

QString url(const IngressFixture &fx, const QString &host, const QString &path = u"/"_s) {
    return u"http://%1:%2%3"_s.arg(host).arg(fx.httpPort()).arg(path);
}

QJsonObject json(const QByteArray &bytes) {
    return QJsonDocument::fromJson(bytes).object();
}

} // namespace

TEST_CASE("ingress http: each Host reaches its own node, with X-Forwarded-* and keep-alive") {
    IngressFixture fx({u"g1"_s, u"g2"_s}, {u"app-a.example.test"_s, u"app-b.example.test"_s});
    REQUIRE(fx.ok());
    REQUIRE(fx.httpPort() != 0);
    for (int i : {0, 1}) {
        const QString host = fx.node(i).host;
        // Two requests on one connection (curl reuses it); a forged X-Forwarded-For is replaced.
        const auto r =
            runCurl(at(fx, host) + QStringList{u"-H"_s, u"X-Forwarded-For: 6.6.6.6"_s,
                                               url(fx, host, u"/one"_s), url(fx, host, u"/two"_s)});
        INFO(r.describe().toStdString());
        REQUIRE(r.ok());
        const QList<QByteArray> bodies = QByteArray(r.out).replace("}{", "}\n{").split('\n');
        REQUIRE(bodies.size() == 2);
        const QJsonObject first = json(bodies.at(0));
        CHECK(first.value(u"node"_s).toString() == host);
        CHECK(first.value(u"path"_s).toString() == u"/one"_s);
        const QJsonObject headers = first.value(u"headers"_s).toObject();
        CHECK(headers.value(u"Host"_s).toString() == u"%1:%2"_s.arg(host).arg(fx.httpPort()));
        CHECK(headers.value(u"X-Forwarded-For"_s).toString() == u"127.0.0.1"_s);
        CHECK(headers.value(u"X-Forwarded-Proto"_s).toString() == u"http"_s);
        CHECK(headers.value(u"X-Forwarded-Host"_s).toString() ==
              u"%1:%2"_s.arg(host).arg(fx.httpPort()));
        CHECK(json(bodies.at(1)).value(u"path"_s).toString() == u"/two"_s);
        const auto stats = fx.server().context()->services.ingress->route(fx.node(i).group, host);
        CHECK(stats.connections == 1); // both requests on one connection
    }
    const auto usage = fx.sessions().takeUsage(0);
    REQUIRE(usage.size() == 2);
    for (const gw::SessionUsage &u : usage) {
        CHECK(u.identity.path == gw::SessionPath::Ingress);
        CHECK(u.delta.requests == 2);
        CHECK(u.delta.bytesUp > 0);
        CHECK(u.delta.bytesDown > 0);
    }
}

TEST_CASE("ingress http: Content-Length and chunked bodies reach the node intact") {
    IngressFixture fx({u"g1"_s}, {u"app-a.example.test"_s});
    REQUIRE(fx.ok());
    QTemporaryFile file;
    REQUIRE(file.open());
    QByteArray data(3 * 1024 * 1024 + 17, Qt::Uninitialized);
    for (qsizetype i = 0; i < data.size(); ++i)
        data[i] = char((i * 131 + i / 4096) & 0xff);
    file.write(data);
    file.flush();
    const QString digest =
        QString::fromLatin1(QCryptographicHash::hash(data, QCryptographicHash::Sha256).toHex());
    const QString host = fx.node(0).host;
    for (bool chunked : {false, true}) {
        INFO((chunked ? "chunked" : "Content-Length"));
        QStringList args = at(fx, host) + QStringList{u"--data-binary"_s, u"@"_s + file.fileName()};
        if (chunked)
            args += QStringList{u"-H"_s, u"Transfer-Encoding: chunked"_s};
        const auto r = runCurl(args + QStringList{url(fx, host, u"/echo"_s)});
        INFO(r.describe().toStdString());
        REQUIRE(r.ok());
        const QJsonObject answer = json(r.out);
        CHECK(answer.value(u"bytes"_s).toInteger() == data.size());
        CHECK(answer.value(u"sha256"_s).toString() == digest);
    }
}

TEST_CASE("ingress http: an unknown Host gets 404 unknown_host, a WebSocket upgrade is relayed") {
    IngressFixture fx({u"g1"_s}, {u"app-a.example.test"_s});
    REQUIRE(fx.ok());
    const auto r =
        runCurl(at(fx, u"nobody.example.test"_s) +
                QStringList{u"-w"_s, u"\n%{http_code}"_s, url(fx, u"nobody.example.test"_s)});
    REQUIRE(r.finished);
    CHECK(r.out.endsWith("\n404"));
    const QJsonObject error = json(r.out.left(r.out.lastIndexOf('\n')));
    CHECK(error.value(u"error"_s).toString() == u"unknown_host"_s);
    CHECK(error.value(u"detail"_s).toString().contains(u"nobody.example.test"_s));

    QTcpSocket ws;
    ws.connectToHost(QHostAddress::LocalHost, fx.httpPort());
    REQUIRE(ws.waitForConnected(5000));
    ws.write("GET /ws HTTP/1.1\r\nHost: app-a.example.test\r\nUpgrade: websocket\r\n"
             "Connection: Upgrade\r\nSec-WebSocket-Version: 13\r\n"
             "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n");
    QByteArray got;
    REQUIRE(testsupport::waitFor([&] {
        got += ws.readAll();
        return got.contains("\r\n\r\n");
    }));
    CHECK(got.startsWith("HTTP/1.1 101"));
    got = got.mid(got.indexOf("\r\n\r\n") + 4);
    ws.write("raw bytes both ways");
    REQUIRE(testsupport::waitFor([&] {
        got += ws.readAll();
        return got.size() >= 19;
    }));
    CHECK(got == "raw bytes both ways");
}

TEST_CASE("ingress http: requests answered by the gateway itself are not billed to a route") {
    IngressFixture fx({u"g1"_s}, {u"app-a.example.test"_s});
    REQUIRE(fx.ok());
    QTcpSocket client;
    client.connectToHost(QHostAddress::LocalHost, fx.httpPort());
    REQUIRE(client.waitForConnected(5000));
    // One request, then its whole (Content-Length framed) response; returns the latter.
    const auto exchange = [&](const QByteArray &request) {
        client.write(request);
        QByteArray got;
        REQUIRE(testsupport::waitFor([&] {
            got += client.readAll();
            const qsizetype end = got.indexOf("\r\n\r\n");
            if (end < 0)
                return false;
            const qsizetype at = got.toLower().indexOf("content-length:");
            REQUIRE(at >= 0);
            const qsizetype eol = got.indexOf("\r\n", at);
            return got.size() >= end + 4 + got.mid(at + 15, eol - at - 15).trimmed().toLongLong();
        }));
        return got;
    };
    const QByteArray unknown =
        "GET / HTTP/1.1\r\nHost: nobody.example.test\r\nX-Pad: " + QByteArray(6000, 'p') +
        "\r\n\r\n";
    for (int i = 0; i < 20; ++i) // before the connection's first route is known
        CHECK(exchange(unknown).startsWith("HTTP/1.1 404"));
    const QByteArray routed = "GET /billed HTTP/1.1\r\nHost: app-a.example.test\r\n\r\n";
    const QByteArray answer = exchange(routed);
    REQUIRE(answer.startsWith("HTTP/1.1 200"));
    for (int i = 0; i < 20; ++i) // after it, on the same keep-alive connection
        CHECK(exchange(unknown).startsWith("HTTP/1.1 404"));

    const auto *stats = fx.server().context()->services.ingress;
    const auto route = [&] { return stats->route(u"g1"_s, u"app-a.example.test"_s); };
    REQUIRE(testsupport::waitFor([&] { return route().bytesDown >= quint64(answer.size()); }));
    INFO("up " << route().bytesUp << " of " << routed.size() << ", down " << route().bytesDown
               << " of " << answer.size());
    CHECK(std::abs(double(route().bytesUp) - routed.size()) <= 0.01 * routed.size());
    CHECK(std::abs(double(route().bytesDown) - answer.size()) <= 0.01 * answer.size());
    const auto usage = fx.sessions().takeUsage(0);
    REQUIRE(usage.size() == 1);
    CHECK(usage.front().delta.requests == 1);
    CHECK(usage.front().delta.bytesUp == route().bytesUp);
    CHECK(usage.front().delta.bytesDown == route().bytesDown);
}
