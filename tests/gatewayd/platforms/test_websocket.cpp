// WebSocket upgrades through gatewayd, end to end: subprotocol negotiation, text and
// binary frames, ping/pong both ways, close codes both ways; and the original Worker's
// request shapes (X-PM-Host/X-PM-Port, /websocket/{ip}/{port}/{path}?headers=...).
#include "echobmc.h"
#include "gatewayfixture.h"
#include "httpsclient.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QWebSocket>
#include <QWebSocketHandshakeOptions>
#include <catch2/catch.hpp>

using namespace Qt::StringLiterals;
using namespace flowtest;
using bmcsim::test::waitFor;

namespace {

GatewayFixture::Options generic() {
    GatewayFixture::Options options;
    options.platform = u"generic"_s;
    return options;
}

// A browser-side WebSocket through the gateway, with the session cookie.
class Client {
public:
    Client(const GatewayFixture &gw, const QByteArray &token, const QString &path,
           const QStringList &subprotocols = {}) {
        QSslConfiguration tls = QSslConfiguration::defaultConfiguration();
        tls.setCaCertificates({gw.certificate()});
        socket.setSslConfiguration(tls);
        QObject::connect(&socket, &QWebSocket::textMessageReceived,
                         [this](const QString &t) { texts << t; });
        QObject::connect(&socket, &QWebSocket::binaryMessageReceived,
                         [this](const QByteArray &b) { binaries << b; });
        QObject::connect(&socket, &QWebSocket::pong,
                         [this](quint64, const QByteArray &p) { pongs << p; });
        QNetworkRequest request(QUrl(u"wss://127.0.0.1:%1"_s.arg(gw.gatewayPort()) + path));
        request.setRawHeader("Cookie", "pm-session=" + token);
        QWebSocketHandshakeOptions options;
        options.setSubprotocols(subprotocols);
        socket.open(request, options);
    }
    bool connected() {
        return waitFor([this] {
                   return socket.state() == QAbstractSocket::ConnectedState ||
                          socket.state() == QAbstractSocket::UnconnectedState;
               }) &&
               socket.state() == QAbstractSocket::ConnectedState;
    }

    QWebSocket socket;
    QStringList texts;
    QList<QByteArray> binaries;
    QList<QByteArray> pongs;
};

} // namespace

TEST_CASE("websocket: subprotocols are negotiated with the BMC through the gateway") {
    GatewayFixture gw(generic());
    REQUIRE(gw.ok());
    SECTION("binary, base64: the BMC picks binary") {
        EchoBmc bmc({u"binary"_s});
        REQUIRE(bmc.listening());
        Client c(gw, gw.mint({{u"platform"_s, u"generic"_s}, {u"port"_s, bmc.port()}}), u"/kvm"_s,
                 {u"binary"_s, u"base64"_s});
        REQUIRE(c.connected());
        CHECK(c.socket.subprotocol() == u"binary"_s);
        REQUIRE(bmc.upgrades().size() == 1);
        CHECK(bmc.upgrades()[0].subprotocol == u"binary"_s);
    }
    SECTION("a session token as the subprotocol") {
        const QString token = u"f3a9c0de11b2"_s;
        EchoBmc bmc({token});
        REQUIRE(bmc.listening());
        Client c(gw, gw.mint({{u"platform"_s, u"generic"_s}, {u"port"_s, bmc.port()}}), u"/kvm/0"_s,
                 {token});
        REQUIRE(c.connected());
        CHECK(c.socket.subprotocol() == token);
    }
}

TEST_CASE("websocket: text, binary, ping/pong and close codes cross the gateway both ways") {
    GatewayFixture gw(generic());
    REQUIRE(gw.ok());
    EchoBmc bmc({u"binary"_s});
    REQUIRE(bmc.listening());
    Client c(gw, gw.mint({{u"platform"_s, u"generic"_s}, {u"port"_s, bmc.port()}}), u"/echo"_s,
             {u"binary"_s});
    REQUIRE(c.connected());

    c.socket.sendTextMessage(u"héllo ✓"_s);
    REQUIRE(waitFor([&] { return !c.texts.isEmpty(); }));
    CHECK(c.texts.first() == u"héllo ✓"_s);

    QByteArray big(1 << 20, Qt::Uninitialized); // one 1 MiB frame, every byte value
    for (qsizetype i = 0; i < big.size(); ++i)
        big[i] = char(i * 7 + i / 251);
    c.socket.sendBinaryMessage(big);
    REQUIRE(waitFor([&] { return !c.binaries.isEmpty(); }, 20000));
    CHECK(c.binaries.first() == big);

    c.socket.ping("from-user");
    REQUIRE(waitFor([&] { return !c.pongs.isEmpty(); }));
    CHECK(c.pongs.first() == "from-user");
    c.socket.sendTextMessage(u"ping"_s); // the BMC pings the user, whose socket answers
    CHECK(waitFor([&] { return bmc.pongs() == 1; }));

    SECTION("the user closes with a code") {
        c.socket.close(QWebSocketProtocol::CloseCode(4001), u"user-bye"_s);
        REQUIRE(waitFor([&] { return !bmc.closes().isEmpty(); }));
        CHECK(bmc.closes().first().first == QWebSocketProtocol::CloseCode(4001));
        CHECK(bmc.closes().first().second == u"user-bye"_s);
    }
    SECTION("the BMC closes with a code") {
        c.socket.sendTextMessage(u"close 4002 bmc-bye"_s);
        REQUIRE(waitFor([&] { return c.socket.state() == QAbstractSocket::UnconnectedState; }));
        CHECK(c.socket.closeCode() == QWebSocketProtocol::CloseCode(4002));
        CHECK(c.socket.closeReason() == u"bmc-bye"_s);
    }
}

TEST_CASE("websocket: one console's failure leaves another console running") {
    GatewayFixture gw(generic());
    REQUIRE(gw.ok());
    EchoBmc bmc({});
    REQUIRE(bmc.listening());
    const QByteArray token = gw.mint({{u"platform"_s, u"generic"_s}, {u"port"_s, bmc.port()}});
    Client a(gw, token, u"/a"_s);
    Client b(gw, token, u"/b"_s);
    REQUIRE(a.connected());
    REQUIRE(b.connected());
    a.socket.abort(); // the user's side vanishes without a close frame
    b.socket.sendTextMessage(u"still here"_s);
    REQUIRE(waitFor([&] { return !b.texts.isEmpty(); }));
    CHECK(b.texts.first() == u"still here"_s);
}

TEST_CASE("worker compat: /websocket/{ip}/{port}/{path}?headers= reaches the token's BMC") {
    GatewayFixture gw(generic());
    REQUIRE(gw.ok());
    EchoBmc bmc({});
    REQUIRE(bmc.listening());
    const QByteArray token = gw.mint({{u"platform"_s, u"generic"_s}, {u"port"_s, bmc.port()}});
    const QByteArray headers =
        QJsonDocument(QJsonObject{{u"X-Console-Key"_s, u"k-42"_s}})
            .toJson(QJsonDocument::Compact)
            .toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);

    SECTION("its own BMC") {
        Client c(gw, token,
                 u"/websocket/127.0.0.1/%1/kvm/0?mode=view&headers=%2"_s.arg(bmc.port())
                     .arg(QString::fromLatin1(headers)));
        REQUIRE(c.connected());
        REQUIRE(bmc.upgrades().size() == 1);
        const EchoBmc::Upgrade &u = bmc.upgrades()[0];
        CHECK(u.path == u"/kvm/0?mode=view"_s);
        bool carried = false;
        for (const auto &[name, value] : u.headers)
            carried |= name.compare("X-Console-Key", Qt::CaseInsensitive) == 0 && value == "k-42";
        CHECK(carried);
        c.socket.sendTextMessage(u"over compat"_s);
        REQUIRE(waitFor([&] { return !c.texts.isEmpty(); }));
    }
    SECTION("another BMC than the token's is refused") {
        const auto reply = testsupport::httpsExchange(
            gw.gatewayPort(),
            "GET /websocket/127.0.0.1/" + QByteArray::number(gw.bmcPort()) +
                "/kvm/0 HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: "
                "Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                "Sec-WebSocket-Version: 13\r\n" +
                GatewayFixture::cookieHeader(token) + "\r\n");
        CHECK(reply.status == 403);
        CHECK(reply.json().value(u"error"_s).toString() == u"target_mismatch"_s);
        CHECK(bmc.upgrades().isEmpty());
    }
}

TEST_CASE("worker compat: X-PM-Host and X-PM-Port name the token's BMC or are refused") {
    GatewayFixture gw; // idrac9
    REQUIRE(gw.ok());
    const QByteArray cookie = GatewayFixture::cookieHeader(gw.mint());
    const QByteArray own =
        "X-PM-Host: 127.0.0.1\r\nX-PM-Port: " + QByteArray::number(gw.bmcPort()) + "\r\n" + cookie;
    const auto ok = testsupport::httpsGet(gw.gatewayPort(), "/sysmgmt/2015/bmc/info", own);
    CHECK(ok.status == 200);
    CHECK_FALSE(ok.json().isEmpty());

    const QByteArray other =
        "X-PM-Host: 127.0.0.2\r\nX-PM-Port: " + QByteArray::number(gw.bmcPort()) + "\r\n" + cookie;
    const auto refused = testsupport::httpsGet(gw.gatewayPort(), "/sysmgmt/2015/bmc/info", other);
    CHECK(refused.status == 403);
    CHECK(refused.json().value(u"error"_s).toString() == u"target_mismatch"_s);
}
