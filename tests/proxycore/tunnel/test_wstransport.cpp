// The tunnel's hand-written WebSocket (WsTransport, WsClientConnector, wshandshake)
// over real TLS on 127.0.0.1: messages of every length class both ways, and interop
// with Qt's QWebSocket and QWebSocketServer both ways (so we speak RFC 6455, not just
// to ourselves); broken handshakes and frames end cleanly.
#include "bmcsim/selfsignedcertificate.h"
#include "tunnel/wsclientconnector.h"
#include "tunnel/wsframe.h"
#include "tunnel/wshandshake.h"
#include "tunnel/wstransport.h"
#include "tunneltestsupport.h"

#include <QSslConfiguration>
#include <QSslServer>
#include <QSslSocket>
#include <QWebSocket>
#include <QWebSocketServer>
#include <catch2/catch.hpp>
#include <functional>

using namespace tunneltest;
using namespace Qt::StringLiterals;
using pc::WsTransport;

namespace {

constexpr qint64 kMax = 2 * 1024 * 1024;
const QList<qsizetype> kSizes = {0, 125, 126, 65535, 65536, 1024 * 1024};

QSslConfiguration serverTls(const bmcsim::TlsIdentity &identity) {
    QSslConfiguration tls = QSslConfiguration::defaultConfiguration();
    tls.setLocalCertificate(identity.certificate);
    tls.setPrivateKey(identity.key);
    tls.setPeerVerifyMode(QSslSocket::VerifyNone);
    return tls;
}

// A TLS listener that hands each connection's first bytes to ONHEAD once a whole
// head is in (as gatewayd's ClientConnection does before TunnelAcceptor::adoptUpgrade).
struct HeadServer {
    using OnHead = std::function<void(QSslSocket *, const QByteArray &)>;
    HeadServer(const bmcsim::TlsIdentity &identity, OnHead handler)
        : onHead(std::move(handler)) {
        server.setSslConfiguration(serverTls(identity));
        REQUIRE(server.listen(QHostAddress::LocalHost, 0));
        QObject::connect(&server, &QTcpServer::pendingConnectionAvailable, &server, [this] {
            while (auto *socket = qobject_cast<QSslSocket *>(server.nextPendingConnection())) {
                auto *context = new QObject(socket);
                QObject::connect(socket, &QIODevice::readyRead, context, [this, socket, context] {
                    head += socket->readAll();
                    if (!head.contains("\r\n\r\n"))
                        return;
                    delete context;
                    onHead(socket, head);
                });
            }
        });
    }
    QUrl url() const {
        return QUrl(u"wss://127.0.0.1:%1/.pmproxy/tunnel"_s.arg(server.serverPort()));
    }

    QSslServer server;
    OnHead onHead;
    QByteArray head;
};

// Our server end: answers the upgrade like TunnelAcceptor::adoptUpgrade.
struct OurServer : HeadServer {
    explicit OurServer(const bmcsim::TlsIdentity &identity)
        : HeadServer(identity, [this](QSslSocket *socket, const QByteArray &bytes) {
            const auto answer = pc::wshandshake::answerUpgrade(bytes);
            socket->write(answer.response);
            if (!answer.accepted) {
                socket->disconnectFromHost();
                return;
            }
            transport = new WsTransport(socket, WsTransport::Role::Server, kMax,
                                        bytes.sliced(answer.headBytes), &owner);
            QObject::connect(transport, &pc::MessageTransport::messageReceived, &owner,
                             [this](const QByteArray &m) { received.append(m); });
        }) {}
    QObject owner;
    QPointer<WsTransport> transport;
    QList<QByteArray> received;
};

// Our client end: WsClientConnector, then a client WsTransport.
struct OurClient {
    OurClient(const QUrl &url, const bmcsim::TlsIdentity &identity) {
        connector = new pc::WsClientConnector({url, {identity.certificate}, {}}, &owner);
        QObject::connect(
            connector, &pc::WsClientConnector::succeeded, &owner,
            [this](QSslSocket *socket, const QByteArray &first) {
                transport = new WsTransport(socket, WsTransport::Role::Client, kMax, first, &owner);
                QObject::connect(transport, &pc::MessageTransport::messageReceived, &owner,
                                 [this](const QByteArray &m) { received.append(m); });
            });
        QObject::connect(connector, &pc::WsClientConnector::failed, &owner,
                         [this](const QString &why, int status) {
                             failure = why;
                             failedStatus = status;
                         });
        connector->start();
    }
    QObject owner;
    pc::WsClientConnector *connector;
    QPointer<WsTransport> transport;
    QList<QByteArray> received;
    QString failure;
    int failedStatus = -1;
};

QList<QByteArray> payloads(quint8 seed) {
    QList<QByteArray> out;
    for (qsizetype size : kSizes)
        out.append(pattern(quint64(size), size, seed));
    return out;
}

} // namespace

TEST_CASE("wstransport: messages of every length class both ways over TLS") {
    auto identity = bmcsim::SelfSignedCertificate::generate({u"127.0.0.1"_s});
    REQUIRE(identity.hasValue());
    OurServer server(*identity);
    OurClient client(server.url(), *identity);
    REQUIRE(waitFor([&] { return client.transport && server.transport; }));
    CHECK(server.head.contains("\r\nSec-WebSocket-Version: 13\r\n"));

    const auto up = payloads(1);
    const auto down = payloads(2);
    for (const auto &m : up)
        client.transport->sendMessage(m);
    for (const auto &m : down)
        server.transport->sendMessage(m);
    REQUIRE(waitFor([&] {
        return server.received.size() == up.size() && client.received.size() == down.size();
    }));
    CHECK(server.received == up);
    CHECK(client.received == down);

    // The close handshake: both ends report the end.
    bool serverGone = false;
    QObject::connect(server.transport, &pc::MessageTransport::disconnected, &server.owner,
                     [&] { serverGone = true; });
    bool clientGone = false;
    QObject::connect(client.transport, &pc::MessageTransport::disconnected, &client.owner,
                     [&] { clientGone = true; });
    client.transport->close();
    CHECK(waitFor([&] { return serverGone && clientGone; }));
}

TEST_CASE("wstransport: our client speaks to Qt's QWebSocketServer") {
    auto identity = bmcsim::SelfSignedCertificate::generate({u"127.0.0.1"_s});
    REQUIRE(identity.hasValue());
    QWebSocketServer qt(u"interop"_s, QWebSocketServer::SecureMode);
    qt.setSslConfiguration(serverTls(*identity));
    REQUIRE(qt.listen(QHostAddress::LocalHost, 0));
    QObject::connect(&qt, &QWebSocketServer::newConnection, &qt, [&] {
        while (QWebSocket *ws = qt.nextPendingConnection()) {
            ws->setParent(&qt);
            QObject::connect(ws, &QWebSocket::binaryMessageReceived, ws,
                             [ws](const QByteArray &m) { ws->sendBinaryMessage(m); });
        }
    });
    OurClient client(QUrl(u"wss://127.0.0.1:%1/x"_s.arg(qt.serverPort())), *identity);
    REQUIRE(waitFor([&] { return client.transport != nullptr; }));
    const auto up = payloads(3);
    for (const auto &m : up)
        client.transport->sendMessage(m);
    REQUIRE(waitFor([&] { return client.received.size() == up.size(); }));
    CHECK(client.received == up);
}

TEST_CASE("wstransport: Qt's QWebSocket speaks to our server") {
    auto identity = bmcsim::SelfSignedCertificate::generate({u"127.0.0.1"_s});
    REQUIRE(identity.hasValue());
    OurServer server(*identity);
    QWebSocket ws;
    QSslConfiguration tls = QSslConfiguration::defaultConfiguration();
    tls.addCaCertificate(identity->certificate);
    ws.setSslConfiguration(tls);
    ws.setMaxAllowedIncomingMessageSize(quint64(kMax));
    QList<QByteArray> echoed;
    QObject::connect(&ws, &QWebSocket::binaryMessageReceived, &ws,
                     [&](const QByteArray &m) { echoed.append(m); });
    ws.open(server.url());
    REQUIRE(waitFor([&] { return server.transport != nullptr; }));
    WsTransport *serverEnd = server.transport;
    QObject::connect(serverEnd, &pc::MessageTransport::messageReceived, serverEnd,
                     [serverEnd](const QByteArray &m) { serverEnd->sendMessage(m); });
    REQUIRE(waitFor([&] { return ws.state() == QAbstractSocket::ConnectedState; }));
    const auto up = payloads(4);
    for (const auto &m : up)
        ws.sendBinaryMessage(m);
    REQUIRE(waitFor([&] { return echoed.size() == up.size(); }));
    CHECK(echoed == up);
    CHECK(server.received == up);
    // A ping from Qt is answered.
    bool pong = false;
    QObject::connect(&ws, &QWebSocket::pong, &ws, [&] { pong = true; });
    ws.ping("p");
    CHECK(waitFor([&] { return pong; }));
    // Qt's close reaches us as a close handshake.
    bool gone = false;
    QObject::connect(server.transport, &pc::MessageTransport::disconnected, &server.owner,
                     [&] { gone = true; });
    ws.close(QWebSocketProtocol::CloseCodeGoingAway);
    CHECK(waitFor([&] { return gone && ws.state() == QAbstractSocket::UnconnectedState; }));
}

TEST_CASE("wstransport: a client sending unmasked or text frames is closed with its code") {
    auto identity = bmcsim::SelfSignedCertificate::generate({u"127.0.0.1"_s});
    REQUIRE(identity.hasValue());
    for (const auto &[bad, code] :
         {std::pair{pc::wsframe::frame(pc::wsframe::Binary, "unmasked", std::nullopt),
                    quint16(1002)},
          std::pair{pc::wsframe::frame(pc::wsframe::Text, "text", 7), quint16(1003)}}) {
        OurServer server(*identity);
        QSslSocket raw;
        QSslConfiguration tls = QSslConfiguration::defaultConfiguration();
        tls.addCaCertificate(identity->certificate);
        raw.setSslConfiguration(tls);
        raw.connectToHostEncrypted(u"127.0.0.1"_s, server.server.serverPort());
        // The server runs in this thread: wait with the event loop running.
        REQUIRE(waitFor([&] { return raw.isEncrypted(); }));
        const QByteArray key = pc::wshandshake::newKey();
        // The bad frame right behind the head: it arrives as the transport's first bytes.
        raw.write(pc::wshandshake::clientRequest(server.url(), {}, key) + bad);
        QByteArray answer;
        QObject::connect(&raw, &QIODevice::readyRead, &raw, [&] { answer += raw.readAll(); });
        REQUIRE(waitFor([&] { return raw.state() == QAbstractSocket::UnconnectedState; }));
        const QByteArray accept = "Sec-WebSocket-Accept: " + pc::wshandshake::acceptFor(key);
        REQUIRE(answer.contains(accept));
        const QByteArray frames = answer.sliced(answer.indexOf("\r\n\r\n") + 4);
        REQUIRE(frames.size() >= 4);
        CHECK(uchar(frames[0]) == 0x88); // FIN + Close, unmasked
        CHECK(((uchar(frames[2]) << 8) | uchar(frames[3])) == code);
    }
}

TEST_CASE("wstransport: a refused or broken handshake fails with the status") {
    auto identity = bmcsim::SelfSignedCertificate::generate({u"127.0.0.1"_s});
    REQUIRE(identity.hasValue());
    const QList<std::pair<QByteArray, int>> answers = {
        {"HTTP/1.1 401 Unauthorized\r\nContent-Length: 2\r\n\r\nno", 401},
        {"HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\nConnection: close\r\n\r\n", 403},
        // A 101 without Sec-WebSocket-Accept, or with a wrong one.
        {"HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n",
         0},
        {"HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
         "Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n\r\n",
         0},
        {"not http at all\r\n\r\n", 0},
    };
    for (const auto &[response, status] : answers) {
        const QByteArray canned = response;
        HeadServer server(
            *identity, [canned](QSslSocket *socket, const QByteArray &) { socket->write(canned); });
        OurClient client(server.url(), *identity);
        REQUIRE(waitFor([&] { return client.failedStatus != -1; }));
        CHECK(client.failedStatus == status);
        CHECK(client.transport == nullptr);
        if (status)
            CHECK(client.failure.contains(u"status code: %1"_s.arg(status)));
    }
}

TEST_CASE("wstransport: the server refuses what is no WebSocket version 13 upgrade") {
    const QByteArray good = "GET /.pmproxy/tunnel HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\n"
                            "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                            "Sec-WebSocket-Version: 13\r\n\r\n";
    auto answer = pc::wshandshake::answerUpgrade(good + "\x82\x80");
    REQUIRE(answer.accepted);
    // RFC 6455 §1.3's example key and accept.
    CHECK(answer.response.contains("Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n"));
    CHECK(answer.headBytes == good.size());

    QByteArray v12 = good;
    v12.replace("Version: 13", "Version: 12");
    answer = pc::wshandshake::answerUpgrade(v12);
    CHECK_FALSE(answer.accepted);
    CHECK(answer.response.startsWith("HTTP/1.1 426 "));
    QByteArray noKey = good;
    noKey.replace("Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n", "");
    CHECK(pc::wshandshake::answerUpgrade(noKey).response.startsWith("HTTP/1.1 400 "));
    QByteArray shortKey = good;
    shortKey.replace("dGhlIHNhbXBsZSBub25jZQ==", "c2hvcnQ=");
    CHECK_FALSE(pc::wshandshake::answerUpgrade(shortKey).accepted);
    QByteArray post = good;
    post.replace("GET ", "POST ");
    CHECK_FALSE(pc::wshandshake::answerUpgrade(post).accepted);
    CHECK_FALSE(pc::wshandshake::answerUpgrade("garbage\r\n\r\n").accepted);
}
