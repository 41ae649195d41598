// End to end over real TLS WebSockets on 127.0.0.1: TunnelClient against a TLS server
// that reads the upgrade request itself (as gatewayd's listener does) and hands the
// socket to TunnelAcceptor::adoptUpgrade(). The TCP connection is cut mid-stream and
// the console stream continues byte for byte.
#include "bmcsim/selfsignedcertificate.h"
#include "fakeclock.h"
#include "tunnel/tunnelacceptor.h"
#include "tunnel/tunnelclient.h"
#include "tunnel/tunnelsessionholder.h"
#include "tunneltestsupport.h"

#include <QSslConfiguration>
#include <QSslServer>
#include <QSslSocket>
#include <catch2/catch.hpp>

using namespace tunneltest;
using namespace Qt::StringLiterals;
using pc::TunnelSession;
using pc::TunnelStream;

namespace {

// A TLS listener that answers a tunnel upgrade like gatewayd would mount it: read
// the head, check the bearer token, then give the socket to the acceptor.
struct TunnelServer {
    explicit TunnelServer(const bmcsim::TlsIdentity &identity)
        : acceptor(fastOptions()) {
        QSslConfiguration tls = QSslConfiguration::defaultConfiguration();
        tls.setLocalCertificate(identity.certificate);
        tls.setPrivateKey(identity.key);
        tls.setPeerVerifyMode(QSslSocket::VerifyNone);
        server.setSslConfiguration(tls);
        REQUIRE(server.listen(QHostAddress::LocalHost, 0));
        QObject::connect(&server, &QTcpServer::pendingConnectionAvailable, &server, [this] {
            while (auto *socket = qobject_cast<QSslSocket *>(server.nextPendingConnection()))
                accept(socket);
        });
    }

    void accept(QSslSocket *socket) {
        auto *context = new QObject(socket);
        auto *head = new QByteArray;
        QObject::connect(context, &QObject::destroyed, [head] { delete head; });
        QObject::connect(socket, &QIODevice::readyRead, context, [this, socket, context, head] {
            *head += socket->readAll();
            if (!head->contains("\r\n\r\n"))
                return;
            const QByteArray bytes = *head;
            heads.append(bytes);
            delete context; // our slots leave the socket, as ClientConnection's would
            if (!bytes.toLower().contains("\r\nauthorization: bearer good-token\r\n")) {
                socket->write("HTTP/1.1 401 Unauthorized\r\nContent-Length: 0\r\n"
                              "Connection: close\r\n\r\n");
                socket->disconnectFromHost();
                return;
            }
            sockets.append(socket);
            acceptor.adoptUpgrade(socket, bytes, u"tech@example.com"_s);
        });
    }

    QSslServer server;
    pc::TunnelAcceptor acceptor;
    QList<QPointer<QSslSocket>> sockets;
    QList<QByteArray> heads; // every upgrade request received
};

pc::TunnelClient::Options clientOptions(const TunnelServer &server,
                                        const bmcsim::TlsIdentity &identity, QByteArray token) {
    pc::TunnelClient::Options o;
    o.url = QUrl(u"wss://127.0.0.1:%1/.pmproxy/tunnel"_s.arg(server.server.serverPort()));
    o.token = std::move(token);
    o.extraCas = {identity.certificate};
    o.validUntil = QDateTime::currentDateTimeUtc().addSecs(300);
    o.initialBackoffMs = 50;
    o.maxBackoffMs = 200;
    o.tunnel = fastOptions();
    return o;
}

} // namespace

TEST_CASE("websocket: a console stream survives a cut TCP connection, byte for byte") {
    auto identity = bmcsim::SelfSignedCertificate::generate({u"127.0.0.1"_s});
    REQUIRE(identity.hasValue());
    TunnelServer server(*identity);
    QList<QPointer<TunnelStream>> served;
    QObject::connect(&server.acceptor, &pc::TunnelAcceptor::sessionStarted, &server.acceptor,
                     [&](TunnelSession *session) {
                         QObject::connect(session, &TunnelSession::newStream, session,
                                          [&](TunnelStream *s) { served.append(s); });
                     });

    pc::TunnelClient client(clientOptions(server, *identity, "good-token"));
    SignalCounter established(&client, &pc::TunnelClient::established);
    client.start();
    REQUIRE(waitFor([&] { return established.count == 1; }, 15000));

    pc::HttpRequestHead head;
    head.method = "GET";
    head.target = "/console";
    TunnelStream *console = client.session()->openStream(pc::TunnelStreamKind::WebSocket, head);
    REQUIRE(waitFor([&] { return !served.isEmpty(); }));
    TunnelStream *bmcSide = served.first();
    CHECK(bmcSide->requestHead().target == "/console");
    pc::HttpResponseHead switching;
    switching.status = 101;
    bmcSide->sendResponse(switching);
    Drain down(console);
    Drain up(bmcSide);

    const qsizetype total = 2 * 1024 * 1024;
    qsizetype upSent = 0;
    qsizetype downSent = 0;
    auto pump = [&](qsizetype until) {
        for (; upSent < until; upSent += 4096)
            console->write(pattern(quint64(upSent), 4096, 1));
        for (; downSent < until; downSent += 4096)
            bmcSide->write(pattern(quint64(downSent), 4096, 2));
    };
    pump(512 * 1024);
    REQUIRE(waitFor([&] { return down.data.size() > 64 * 1024 && up.data.size() > 64 * 1024; }));
    pump(total);

    // Cut the TCP connection under the WebSocket (the network blip).
    SignalCounter resumedServer(&server.acceptor, &pc::TunnelAcceptor::sessionResumed);
    REQUIRE(server.sockets.size() == 1);
    REQUIRE(server.sockets.first());
    server.sockets.first()->abort();
    REQUIRE(waitFor([&] { return established.count == 2; }, 15000));
    CHECK(resumedServer.count == 1);
    CHECK(client.attempts() == 2);

    REQUIRE(waitFor([&] { return down.data.size() == total && up.data.size() == total; }, 30000));
    CHECK(down.data == pattern(0, total, 2));
    CHECK(up.data == pattern(0, total, 1));
    CHECK_FALSE(console->error());
    CHECK(served.size() == 1);
    CHECK(server.acceptor.holder()->count() == 1);
    client.stop();
    REQUIRE(waitFor([&] { return server.acceptor.holder()->count() == 0; }));
}

TEST_CASE("websocket: a refused token stops the client with the gateway's status") {
    auto identity = bmcsim::SelfSignedCertificate::generate({u"127.0.0.1"_s});
    REQUIRE(identity.hasValue());
    TunnelServer server(*identity);
    pc::TunnelClient client(clientOptions(server, *identity, "bad-token"));
    int status = -1;
    QObject::connect(&client, &pc::TunnelClient::failed, &client,
                     [&](const QString &, int httpStatus) { status = httpStatus; });
    client.start();
    REQUIRE(waitFor([&] { return status != -1; }, 15000));
    CHECK(status == 401);
    CHECK(client.attempts() == 1); // no retrying a refused token
}

TEST_CASE("websocket: an agent's client makes its Authorization per attempt and outlasts "
          "refusals") {
    auto identity = bmcsim::SelfSignedCertificate::generate({u"127.0.0.1"_s});
    REQUIRE(identity.hasValue());
    TunnelServer server(*identity);
    pc::TunnelClient::Options options = clientOptions(server, *identity, {});
    options.validUntil = QDateTime(); // never expires
    int made = 0;
    options.authorization = [&made] {
        ++made; // refused twice (say, the gateway does not know this agent yet), then good
        return QByteArray(made < 3 ? "Bearer not-yet" : "Bearer good-token");
    };
    options.extraHeaders = {{"Pm-Agent-Publish", "http://10.0.0.9:8080/"}};
    options.retryRefused = true;
    pc::TunnelClient client(options);
    SignalCounter failed(&client, &pc::TunnelClient::failed);
    SignalCounter established(&client, &pc::TunnelClient::established);
    client.start();
    REQUIRE(waitFor([&] { return established.count == 1; }, 15000));
    CHECK(failed.count == 0);
    CHECK(client.attempts() == 3);
    CHECK(made == 3);
    REQUIRE(server.heads.size() == 3);
    for (const QByteArray &head : server.heads)
        CHECK(head.contains("\r\nPm-Agent-Publish: http://10.0.0.9:8080/\r\n"));
    client.stop();
}

TEST_CASE("websocket: an untrusted gateway certificate is not accepted") {
    auto identity = bmcsim::SelfSignedCertificate::generate({u"127.0.0.1"_s});
    auto other = bmcsim::SelfSignedCertificate::generate({u"127.0.0.1"_s});
    REQUIRE(identity.hasValue());
    REQUIRE(other.hasValue());
    TunnelServer server(*identity);
    pc::TunnelClient::Options options = clientOptions(server, *other, "good-token");
    // It retries until the token's end, which a fake clock brings after the first retry.
    const auto clock = std::make_shared<testsupport::FakeClock>();
    options.clock = clock;
    options.validUntil = clock->utc().addMSecs(1500);
    pc::TunnelClient client(options);
    SignalCounter failed(&client, &pc::TunnelClient::failed);
    SignalCounter established(&client, &pc::TunnelClient::established);
    QObject::connect(&client, &pc::TunnelClient::reconnecting, &client,
                     [&] { clock->advanceMSecs(2000); });
    client.start();
    REQUIRE(waitFor([&] { return failed.count == 1; }, 15000));
    CHECK(established.count == 0);
    CHECK(server.acceptor.holder()->count() == 0);
}
