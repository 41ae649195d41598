// The loopback proxy frames the tunnel's responses with pc::Http1ResponseWriter: a
// browser-like HTTP/1.0 client (which cannot read chunked framing) gets a page of unknown
// length (an HTML page the WebSocket shim rewrites has none) until the connection closes,
// and an HTTP/1.1 client gets it chunked on a connection that stays open.
#include "gatewayfixture.h"
#include "genericapp.h"

#include <QTcpSocket>
#include <catch2/catch.hpp>

using namespace Qt::StringLiterals;

namespace {

constexpr int kWaitMs = 20000;

struct Raw {
    QByteArray head;
    QByteArray body;
};

// Sends REQUEST on a new connection to the proxy; reads until UNTIL holds or the proxy
// closes. CLOSED says whether it closed.
Raw exchange(const bmcsim::test::Endpoint &local, const QByteArray &request,
             const std::function<bool(const QByteArray &)> &until, bool *closed) {
    QTcpSocket socket;
    socket.connectToHost(QString::fromLatin1(local.address), local.port);
    QByteArray received;
    bool gone = false;
    QObject::connect(&socket, &QIODevice::readyRead, &socket,
                     [&] { received += socket.readAll(); });
    QObject::connect(&socket, &QAbstractSocket::disconnected, &socket, [&] { gone = true; });
    socket.write(request);
    testsupport::waitFor([&] { return gone || until(received); }, kWaitMs);
    *closed = gone;
    const qsizetype end = received.indexOf("\r\n\r\n");
    if (end < 0)
        return {received, {}};
    return {received.left(end + 2), received.mid(end + 4)};
}

} // namespace

TEST_CASE("app tunnel: an HTTP/1.0 client gets a page of unknown length until close, an "
          "HTTP/1.1 client chunked") {
    GatewayFixture::Options o;
    o.platform = u"generic"_s;
    GatewayFixture gw(o);
    REQUIRE(gw.ok());
    GenericApp app(gw);
    REQUIRE(app.failure() == QString());
    const QByteArray fields =
        "Host: " + app.local().host() + "\r\nCookie: " + app.cookies() + "\r\n\r\n";

    bool closed = false;
    const Raw old = exchange(
        app.local(), "GET /index.html HTTP/1.0\r\n" + fields,
        [](const QByteArray &) { return false; }, &closed);
    INFO(old.head.toStdString());
    CHECK(closed);
    CHECK(old.head.startsWith("HTTP/1.1 200 "));
    CHECK_FALSE(old.head.toLower().contains("transfer-encoding"));
    CHECK(old.head.toLower().contains("connection: close"));
    CHECK(old.body.trimmed().endsWith("</html>"));
    CHECK(old.body.contains("<script"));

    const Raw now = exchange(
        app.local(), "GET /index.html HTTP/1.1\r\n" + fields,
        [](const QByteArray &r) { return r.endsWith("\r\n0\r\n\r\n"); }, &closed);
    INFO(now.head.toStdString());
    CHECK_FALSE(closed);
    CHECK(now.head.startsWith("HTTP/1.1 200 "));
    CHECK(now.head.toLower().contains("transfer-encoding: chunked"));
    CHECK(now.body.endsWith("\r\n0\r\n\r\n"));
}
