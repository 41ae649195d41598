// Issue 8, point 7: connections do not outlive their token. When exp + auth.leewaySeconds
// passes, gatewayd closes an open console WebSocket (1008, saying why) and ends an app
// tunnel (Error UNAUTHORIZED).
#include "echobmc.h"
#include "gatewayfixture.h"
#include "tunnel/tunnelclient.h"

#include <QDateTime>
#include <QUrl>
#include <QWebSocket>
#include <catch2/catch.hpp>

using namespace Qt::StringLiterals;
using bmcsim::test::waitFor;

namespace {

constexpr int kLeeway = 1;

GatewayFixture::Options shortLeeway() {
    GatewayFixture::Options options;
    options.platform = u"generic"_s;
    options.config = QJsonObject{{u"auth"_s, QJsonObject{{u"leewaySeconds"_s, kLeeway}}}};
    return options;
}

qint64 nowMs() {
    return QDateTime::currentMSecsSinceEpoch();
}

} // namespace

TEST_CASE("expiry: an open console WebSocket is closed with 1008 when its token expires") {
    GatewayFixture gw(shortLeeway());
    REQUIRE(gw.ok());
    flowtest::EchoBmc bmc({});
    REQUIRE(bmc.listening());
    const qint64 exp = QDateTime::currentSecsSinceEpoch() + 3;
    const QByteArray token =
        gw.mint({{u"platform"_s, u"generic"_s}, {u"port"_s, bmc.port()}, {u"exp"_s, exp}});
    QWebSocket socket;
    QSslConfiguration tls = QSslConfiguration::defaultConfiguration();
    tls.setCaCertificates({gw.certificate()});
    socket.setSslConfiguration(tls);
    QStringList echoes;
    QObject::connect(&socket, &QWebSocket::textMessageReceived,
                     [&](const QString &t) { echoes << t; });
    QNetworkRequest request(QUrl(u"wss://127.0.0.1:%1/console"_s.arg(gw.gatewayPort())));
    request.setRawHeader("Cookie", "pm-session=" + token);
    socket.open(request);
    REQUIRE(waitFor([&] { return socket.state() == QAbstractSocket::ConnectedState; }));
    socket.sendTextMessage(u"before"_s);
    REQUIRE(waitFor([&] { return echoes.contains(u"before"_s); }));

    // Still open a little before exp + leeway; closed by the gateway soon after.
    const qint64 end = (exp + kLeeway) * 1000;
    while (nowMs() < end - 500) {
        REQUIRE(socket.state() == QAbstractSocket::ConnectedState);
        waitFor([] { return false; }, 100);
    }
    REQUIRE(waitFor([&] { return socket.state() == QAbstractSocket::UnconnectedState; }, 15000));
    CHECK(nowMs() >= end);
    CHECK(socket.closeCode() == QWebSocketProtocol::CloseCodePolicyViolated);
    CHECK(socket.closeReason() == u"token expired"_s);
}

TEST_CASE("expiry: an app tunnel ends with UNAUTHORIZED when its token expires") {
    GatewayFixture gw(shortLeeway());
    REQUIRE(gw.ok());
    const qint64 exp = QDateTime::currentSecsSinceEpoch() + 3;
    const QByteArray token = gw.mint({{u"platform"_s, u"generic"_s}, {u"exp"_s, exp}});
    pc::TunnelClient::Options options;
    options.url = QUrl(u"wss://localhost:%1/.pmproxy/tunnel"_s.arg(gw.gatewayPort()));
    options.token = token;
    options.extraCas = {gw.certificate()};
    options.validUntil = QDateTime::currentDateTime().addSecs(3600); // the gateway decides
    pc::TunnelClient client(options);
    bool established = false;
    QString failure;
    int failureStatus = -1;
    QObject::connect(&client, &pc::TunnelClient::established, [&] { established = true; });
    QObject::connect(&client, &pc::TunnelClient::failed, [&](const QString &why, int status) {
        failure = why;
        failureStatus = status;
    });
    client.start();
    REQUIRE(waitFor([&] { return established; }, 15000));
    REQUIRE(waitFor([&] { return failureStatus >= 0; }, 20000));
    CHECK(nowMs() >= (exp + kLeeway) * 1000);
    CHECK(failureStatus == 401);
    CHECK(failure.contains(u"expired"_s));
}
