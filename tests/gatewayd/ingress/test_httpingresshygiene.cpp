// What a client cannot make the HTTP ingress forward (README, "Node groups: ingress"),
// against a real node (httpnode.py echoes the target and the headers it received):
// an absolute-form target naming another host than Host, hop-by-hop fields (those the
// Connection field names too), an upgrade other than WebSocket, client-sent Forwarded
// and X-Real-IP, and CONNECT.
#include "ingressfixture.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QTcpSocket>
#include <catch2/catch.hpp>
#include <waitfor.h>

using namespace Qt::StringLiterals;

namespace {

struct Answer {
    int status = 0;
    QByteArray head;
    QByteArray body;
    QJsonObject json() const { return QJsonDocument::fromJson(body).object(); }
    QJsonObject headers() const { return json().value(u"headers"_s).toObject(); }
};

// Sends REQUEST on a new connection to listen.http and reads one response
// (Content-Length framed, as both the gateway's errors and httpnode.py's answers are).
Answer send(quint16 port, const QByteArray &request) {
    QTcpSocket socket;
    socket.connectToHost(QHostAddress::LocalHost, port);
    REQUIRE(socket.waitForConnected(5000));
    socket.write(request);
    QByteArray got;
    Answer answer;
    const bool done = testsupport::waitFor([&] {
        got += socket.readAll();
        const qsizetype end = got.indexOf("\r\n\r\n");
        if (end < 0)
            return false;
        answer.head = got.left(end);
        qsizetype length = 0;
        for (const QByteArray &line : answer.head.split('\n')) {
            if (line.toLower().startsWith("content-length:"))
                length = line.mid(15).trimmed().toLongLong();
        }
        if (got.size() < end + 4 + length)
            return false;
        answer.body = got.mid(end + 4, length);
        return true;
    });
    INFO(got.toStdString());
    REQUIRE(done);
    answer.status = answer.head.mid(9, 3).toInt();
    return answer;
}

} // namespace

TEST_CASE("ingress http: an absolute-form target is routed by its authority, in origin-form") {
    IngressFixture fx({u"g1"_s}, {u"app-a.example.test"_s});
    REQUIRE(fx.ok());
    // Host says one thing, the target another: refused, the node never sees it.
    const Answer refused = send(fx.httpPort(), "GET http://admin.internal/ HTTP/1.1\r\n"
                                               "Host: app-a.example.test\r\n\r\n");
    CHECK(refused.status == 400);
    CHECK(refused.json().value(u"error"_s).toString() == u"host_mismatch"_s);
    CHECK(refused.json().value(u"node"_s).isUndefined());

    const Answer same = send(fx.httpPort(), "GET http://APP-A.example.test/x?y=1 HTTP/1.1\r\n"
                                            "Host: app-a.example.test\r\n\r\n");
    CHECK(same.status == 200);
    CHECK(same.json().value(u"node"_s).toString() == u"app-a.example.test"_s);
    CHECK(same.json().value(u"path"_s).toString() == u"/x?y=1"_s);

    const Answer form = send(fx.httpPort(), "GET app-a.example.test:80 HTTP/1.1\r\n"
                                            "Host: app-a.example.test\r\n\r\n");
    CHECK(form.status == 400);
}

TEST_CASE("ingress http: CONNECT is refused") {
    IngressFixture fx({u"g1"_s}, {u"app-a.example.test"_s});
    REQUIRE(fx.ok());
    const Answer a = send(fx.httpPort(), "CONNECT app-a.example.test:80 HTTP/1.1\r\n"
                                         "Host: app-a.example.test:80\r\n\r\n");
    CHECK(a.status == 405);
    CHECK(a.json().value(u"error"_s).toString() == u"method_not_allowed"_s);
}

TEST_CASE("ingress http: hop-by-hop and client-forged forwarding fields never reach the node") {
    IngressFixture fx({u"g1"_s}, {u"app-a.example.test"_s});
    REQUIRE(fx.ok());
    // The Connection field names the gateway's X-Forwarded-For: the next hop would drop it.
    const Answer a = send(fx.httpPort(), "GET /one HTTP/1.1\r\nHost: app-a.example.test\r\n"
                                         "Connection: keep-alive, X-Forwarded-For, X-Secret\r\n"
                                         "X-Secret: s\r\nKeep-Alive: timeout=5\r\nTE: trailers\r\n"
                                         "Proxy-Authorization: Basic eDp5\r\n"
                                         "Forwarded: for=6.6.6.6\r\nX-Real-IP: 6.6.6.6\r\n\r\n");
    REQUIRE(a.status == 200);
    const QJsonObject h = a.headers();
    INFO(QJsonDocument(h).toJson().toStdString());
    CHECK(h.value(u"X-Forwarded-For"_s).toString() == u"127.0.0.1"_s);
    CHECK(h.value(u"X-Forwarded-Proto"_s).toString() == u"http"_s);
    for (const QString &gone : {u"Connection"_s, u"X-Secret"_s, u"Keep-Alive"_s, u"TE"_s,
                                u"Proxy-Authorization"_s, u"Forwarded"_s, u"X-Real-IP"_s})
        CHECK(h.value(gone).isUndefined());
}

TEST_CASE("ingress http: only a WebSocket upgrade is relayed, h2c goes on as plain HTTP") {
    IngressFixture fx({u"g1"_s}, {u"app-a.example.test"_s});
    REQUIRE(fx.ok());
    const Answer a =
        send(fx.httpPort(), "GET /ws HTTP/1.1\r\nHost: app-a.example.test\r\n"
                            "Connection: Upgrade, HTTP2-Settings\r\n"
                            "Upgrade: h2c\r\nHTTP2-Settings: AAMAAABkAAQAAP__\r\n\r\n");
    CHECK(a.status == 200); // not 101: the node never saw an upgrade
    const QJsonObject h = a.headers();
    CHECK(h.value(u"Upgrade"_s).isUndefined());
    CHECK(h.value(u"HTTP2-Settings"_s).isUndefined());
    CHECK(h.value(u"Connection"_s).isUndefined());
}
