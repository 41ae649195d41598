// The management API refuses bodies over 1 MiB without reading them, over a raw socket:
// a Content-Length of 100 MiB is answered 413 from the head alone while the client has
// sent a few bytes of the body, a chunked body gets 413 once it passes 1 MiB, and a
// body of exactly 1 MiB is still taken (and judged on its content).
#include "apitestsupport.h"

#include <QElapsedTimer>
#include <QTcpSocket>
#include <catch2/catch.hpp>

using namespace Qt::StringLiterals;
using namespace apitest;

namespace {

constexpr qint64 kMiB = 1024 * 1024;
// Nothing here waits on a timer: a deadline only turns a hang into a failure.
constexpr int kHangMs = 10000;

struct RawReply {
    int status = 0;
    QByteArray head;
    QByteArray body;
    bool closed = false; // the server closed the connection after the answer
};

// Reads one HTTP response (Content-Length framed) from SOCKET; then, if WAITCLOSE,
// waits for the server to close the connection.
RawReply readReply(QTcpSocket &socket, bool waitClose) {
    RawReply reply;
    QByteArray buffer;
    QElapsedTimer clock;
    clock.start();
    qsizetype headEnd = -1;
    qint64 length = -1;
    while (clock.elapsed() < kHangMs) {
        buffer += socket.readAll();
        if (headEnd < 0 && (headEnd = buffer.indexOf("\r\n\r\n")) >= 0) {
            reply.head = buffer.left(headEnd);
            reply.status = reply.head.mid(9, 3).toInt();
            for (const QByteArray &line : reply.head.split('\n')) {
                if (line.toLower().startsWith("content-length:"))
                    length = line.mid(15).trimmed().toLongLong();
            }
        }
        if (headEnd >= 0 && length >= 0 && buffer.size() >= headEnd + 4 + length) {
            reply.body = buffer.mid(headEnd + 4, length);
            if (!waitClose)
                return reply;
        }
        if (socket.state() != QAbstractSocket::ConnectedState) {
            reply.closed = true;
            if (reply.body.isEmpty() && headEnd >= 0 && length >= 0)
                reply.body = buffer.mid(headEnd + 4, length);
            return reply;
        }
        socket.waitForReadyRead(int(kHangMs - clock.elapsed()));
    }
    return reply;
}

QByteArray applyHead(const GatewayFixture &gw, const QByteArray &framing) {
    return "POST /api/v1/apply HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " +
           gw.apiToken() + "\r\nContent-Type: application/json\r\n" + framing + "\r\n";
}

} // namespace

TEST_CASE("api: a Content-Length over 1 MiB is refused with 413 from the head, unread") {
    GatewayFixture gw(generic());
    REQUIRE(gw.ok());
    QTcpSocket socket;
    socket.connectToHost(u"127.0.0.1"_s, gw.apiPort());
    REQUIRE(socket.waitForConnected(kHangMs));
    QElapsedTimer clock;
    clock.start();
    socket.write(applyHead(gw, "Content-Length: " + QByteArray::number(100 * kMiB) + "\r\n") +
                 "{\"name\":");
    const RawReply reply = readReply(socket, true);
    INFO("answered after " << clock.elapsed() << " ms: " << reply.head.toStdString());
    REQUIRE(reply.status == 413);
    const QJsonObject error = QJsonDocument::fromJson(reply.body).object();
    CHECK(error.value(u"error"_s).toString() == u"body_too_large"_s);
    CHECK_FALSE(error.value(u"detail"_s).toString().isEmpty());
    CHECK(reply.head.toLower().contains("connection: close"));
    CHECK(reply.closed);
    // Nothing was applied, and the API still answers.
    CHECK(api(gw).get(u"/healthz"_s).status == 200);
    CHECK(
        api(gw).get(u"/metrics"_s).body.contains("gatewayd_api_requests_total{status=\"413\"} 1"));
}

TEST_CASE("api: a chunked body is refused with 413 once it passes 1 MiB") {
    GatewayFixture gw(generic());
    REQUIRE(gw.ok());
    QTcpSocket socket;
    socket.connectToHost(u"127.0.0.1"_s, gw.apiPort());
    REQUIRE(socket.waitForConnected(kHangMs));
    socket.write(applyHead(gw, "Transfer-Encoding: chunked\r\n"));
    // 64 KiB chunks, one at a time, until an answer comes (at most 8 MiB); then the last
    // chunk, so that a server that took it all would answer too.
    const QByteArray chunk = "10000\r\n" + QByteArray(64 * 1024, ' ') + "\r\n";
    qint64 sent = 0;
    while (sent < 8 * kMiB && socket.bytesAvailable() == 0 &&
           socket.state() == QAbstractSocket::ConnectedState) {
        socket.write(chunk);
        socket.waitForBytesWritten(kHangMs);
        sent += 64 * 1024;
        socket.waitForReadyRead(0);
    }
    if (socket.state() == QAbstractSocket::ConnectedState && socket.bytesAvailable() == 0)
        socket.write("0\r\n\r\n");
    const RawReply reply = readReply(socket, false);
    INFO("body bytes sent: " << sent << "; answer: " << reply.head.toStdString());
    REQUIRE(reply.status == 413);
    CHECK(QJsonDocument::fromJson(reply.body).object().value(u"error"_s).toString() ==
          u"body_too_large"_s);
    CHECK(sent > kMiB);
}

TEST_CASE("api: a body of exactly 1 MiB is read and judged on its content") {
    GatewayFixture gw(generic());
    REQUIRE(gw.ok());
    QTcpSocket socket;
    socket.connectToHost(u"127.0.0.1"_s, gw.apiPort());
    REQUIRE(socket.waitForConnected(kHangMs));
    socket.write(applyHead(gw, "Content-Length: " + QByteArray::number(kMiB) + "\r\n") +
                 QByteArray(kMiB, ' '));
    const RawReply reply = readReply(socket, false);
    INFO(reply.head.toStdString() << "\n" << reply.body.toStdString());
    CHECK(reply.status == 400);
    CHECK(QJsonDocument::fromJson(reply.body).object().value(u"error"_s).toString() ==
          u"invalid_config"_s);
    // The connection stays open for the next request.
    socket.write("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " +
                 gw.apiToken() + "\r\n\r\n");
    const RawReply health = readReply(socket, false);
    CHECK(health.status == 200);
    CHECK(health.body == R"({"status":"ok"})");
}
