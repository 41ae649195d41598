// The HTTP/1.1 server loop (proxycore/httpserver/httpserverconnection.h) on a real
// loopback connection: the test plays the client; a small handler answers each request
// with its target as the body.
#include "httpserver/httpserverconnection.h"
#include "httpserver/httpserverhandler.h"
#include "waitfor.h"

#include <QElapsedTimer>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTimer>
#include <catch2/catch.hpp>
#include <memory>

namespace {

constexpr int kWaitMs = 20000;

QByteArray answer(const QByteArray &body) {
    return "HTTP/1.1 200 OK\r\nContent-Length: " + QByteArray::number(body.size()) + "\r\n\r\n" +
           body;
}

// Answers each request from the event loop (not from inside onRequest()), so that a
// pipelined request has to wait for real; counts what it was given.
class Handler : public pc::HttpServerHandler {
public:
    std::unique_ptr<pc::HttpServerConnection> connection;
    QList<QByteArray> targets;
    int outstanding = 0; // requests given and not yet answered
    int mostOutstanding = 0;
    bool readBodies = true; // false: answer at once, without reading the body
    bool pauseBodies = false;
    int bodyCalls = 0;
    qint64 bodyBytes = 0;
    bool finished = false;

    void onRequest(pc::HttpRequestHead head) override {
        targets.append(head.target);
        mostOutstanding = std::max(mostOutstanding, ++outstanding);
        if (!readBodies) {
            --outstanding;
            connection->respond(answer(head.target), false);
            return;
        }
        connection->readBody();
    }
    bool onBody(QByteArrayView data) override {
        ++bodyCalls;
        bodyBytes += data.size();
        return pauseBodies;
    }
    void onRequestEnd() override {
        if (!readBodies)
            return;
        QTimer::singleShot(0, connection.get(), [this, target = targets.last()] {
            --outstanding;
            connection->respond(answer(target + " " + QByteArray::number(bodyBytes)), false);
        });
    }
    void onBadRequest(const pc::HttpParseError &error) override {
        connection->respond("HTTP/1.1 " + QByteArray::number(error.status) +
                                " Bad\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
                            true);
    }
    void onHeaderTimeout(int) override {
        connection->socket()->write(
            "HTTP/1.1 408 Request Timeout\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
    }
};

struct Fixture {
    QTcpServer listener;
    QTcpSocket client;
    std::unique_ptr<QTcpSocket> serverEnd;
    Handler handler;
    QByteArray received;
    bool disconnected = false;

    explicit Fixture(pc::HttpServerConnection::Options options = {}) {
        REQUIRE(listener.listen(QHostAddress::LocalHost, 0));
        client.connectToHost(QHostAddress::LocalHost, listener.serverPort());
        REQUIRE(testsupport::waitFor(
            [&] {
                return listener.hasPendingConnections() &&
                       client.state() == QAbstractSocket::ConnectedState;
            },
            kWaitMs));
        serverEnd.reset(listener.nextPendingConnection());
        serverEnd->setParent(nullptr);
        QObject::connect(&client, &QIODevice::readyRead, &client,
                         [this] { received += client.readAll(); });
        QObject::connect(&client, &QAbstractSocket::disconnected, &client,
                         [this] { disconnected = true; });
        handler.connection = std::make_unique<pc::HttpServerConnection>(serverEnd.get(), &handler,
                                                                        std::move(options));
        QObject::connect(handler.connection.get(), &pc::HttpServerConnection::finished,
                         handler.connection.get(), [this] { handler.finished = true; });
    }
};

} // namespace

TEST_CASE("http server loop: pipelined requests are answered one at a time, in order") {
    Fixture f;
    f.client.write("GET /a HTTP/1.1\r\nHost: x\r\n\r\n"
                   "POST /b HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello"
                   "GET /c HTTP/1.1\r\nHost: x\r\n\r\n");
    const QByteArray expected = answer("/a 0") + answer("/b 5") + answer("/c 5");
    REQUIRE(testsupport::waitFor([&] { return f.received.size() >= expected.size(); }, kWaitMs));
    CHECK(f.received == expected);
    CHECK(f.handler.mostOutstanding == 1);
    CHECK_FALSE(f.disconnected); // keep-alive: the connection stays for more
}

TEST_CASE("http server loop: a handler that is behind stops the reading of the body") {
    Fixture f;
    f.handler.pauseBodies = true;
    f.serverEnd->setSocketOption(QAbstractSocket::ReceiveBufferSizeSocketOption, 64 * 1024);
    f.client.setSocketOption(QAbstractSocket::SendBufferSizeSocketOption, 64 * 1024);
    const qint64 total = 16 * 1024 * 1024;
    f.client.write("PUT /up HTTP/1.1\r\nHost: x\r\nContent-Length: " + QByteArray::number(total) +
                   "\r\n\r\n");
    f.client.write(QByteArray(total, 'u'));
    // Paused after its first piece: the socket's buffer fills to the high-water mark and
    // no further: the rest waits on the client's side.
    REQUIRE(
        testsupport::waitFor([&] { return f.serverEnd->bytesAvailable() >= 256 * 1024; }, kWaitMs));
    CHECK(f.handler.bodyCalls == 1);
    CHECK(f.client.bytesToWrite() > 0);
    CHECK(f.serverEnd->bytesAvailable() <= 256 * 1024);
    // Caught up: the whole body arrives, then the answer.
    f.handler.pauseBodies = false;
    f.handler.connection->resumeBody();
    const QByteArray expected = answer("/up " + QByteArray::number(total));
    REQUIRE(testsupport::waitFor([&] { return f.received.size() >= expected.size(); }, kWaitMs));
    CHECK(f.received == expected);
}

TEST_CASE("http server loop: a body left unread closes the connection, never parsed as a "
          "request") {
    Fixture f;
    f.handler.readBodies = false;
    // The body looks like a request of its own: answering /upload without reading it must
    // not make the loop read it as the next request.
    const QByteArray hidden = "GET /hidden HTTP/1.1\r\nHost: x\r\n\r\n";
    f.client.write("POST /upload HTTP/1.1\r\nHost: x\r\nContent-Length: " +
                   QByteArray::number(hidden.size() + 10) + "\r\n\r\n" + hidden);
    REQUIRE(testsupport::waitFor([&] { return f.disconnected; }, kWaitMs));
    CHECK(f.received == answer("/upload"));
    CHECK(f.handler.targets == QList<QByteArray>{"/upload"});
    REQUIRE(testsupport::waitFor([&] { return f.handler.finished; }, kWaitMs));
}

TEST_CASE("http server loop: a request head not complete in time gets its answer and the "
          "connection closes") {
    pc::HttpServerConnection::Options options;
    options.headerTimeoutMs = [] { return 300; };
    Fixture f(options);
    f.client.write("GET /slow HTTP/1.1\r\nHo"); // and nothing more
    REQUIRE(testsupport::waitFor([&] { return f.disconnected; }, kWaitMs));
    CHECK(f.received.startsWith("HTTP/1.1 408 "));
    CHECK(f.handler.targets.isEmpty());
    REQUIRE(testsupport::waitFor([&] { return f.handler.finished; }, kWaitMs));
}

TEST_CASE("http server loop: malformed input is answered and the connection closes") {
    Fixture f;
    f.client.write("GET /a HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n");
    REQUIRE(testsupport::waitFor([&] { return f.disconnected; }, kWaitMs));
    CHECK(f.received.startsWith("HTTP/1.1 400 "));
    CHECK(f.handler.targets.isEmpty());
}

TEST_CASE("http server loop: lingering, an upload answered early is read and dropped until "
          "the client goes quiet") {
    pc::HttpServerConnection::Options options;
    options.linger = true;
    options.lingerIdleMs = 300;
    Fixture f(options);
    f.handler.readBodies = false;
    f.client.write("PUT /early HTTP/1.1\r\nHost: x\r\nContent-Length: 1000000\r\n\r\n" +
                   QByteArray(1000, 'a'));
    REQUIRE(testsupport::waitFor([&] { return f.received == answer("/early"); }, kWaitMs));
    // The client sends on (it has not read the answer yet): nothing of it is parsed, the
    // connection stays until the client has been quiet for a while.
    f.client.write(QByteArray(100000, 'b') + "GET /hidden HTTP/1.1\r\nHost: x\r\n\r\n");
    QElapsedTimer quiet;
    quiet.start();
    REQUIRE(testsupport::waitFor([&] { return f.disconnected; }, kWaitMs));
    // It did wait for the quiet spell (a coarse timer may fire up to 5 % early), and took
    // everything the client sent.
    CHECK(quiet.elapsed() >= options.lingerIdleMs * 9 / 10);
    CHECK(f.client.bytesToWrite() == 0);
    CHECK(f.received == answer("/early"));
    CHECK(f.handler.targets == QList<QByteArray>{"/early"});
    REQUIRE(testsupport::waitFor([&] { return f.handler.finished; }, kWaitMs));
}

TEST_CASE("http server loop: a keep-alive connection without a request closes after the idle "
          "timeout") {
    pc::HttpServerConnection::Options options;
    options.idleTimeoutMs = 300;
    Fixture f(options);
    f.client.write("GET /one HTTP/1.1\r\nHost: x\r\n\r\n");
    REQUIRE(testsupport::waitFor([&] { return f.received == answer("/one 0"); }, kWaitMs));
    REQUIRE(testsupport::waitFor([&] { return f.disconnected; }, kWaitMs));
    CHECK(f.handler.finished);
}
