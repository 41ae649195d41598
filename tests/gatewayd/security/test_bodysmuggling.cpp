// Issue 8, point 5: a token holder must not be able to plant bytes on a pooled BMC
// connection that every user of the BMC shares. A tunnel stream's body is held to the
// framing its head announces (bytes past it, or a body ending short of it, end the stream
// with a protocol error and the BMC connection with it), and a BMC connection goes back
// to the pool only after a request and a response that were both exactly framed.
#include "gatewayfixture.h"
#include "httpsclient.h"
#include "recordingbmc.h"
#include "simclient.h"
#include "tunnel/tunnelclient.h"
#include "tunnel/tunnelsession.h"
#include "tunnel/tunnelstream.h"

#include <QDateTime>
#include <QJsonDocument>
#include <catch2/catch.hpp>

using namespace Qt::StringLiterals;
using bmcsim::test::waitFor;
using securitytest::RecordingBmc;

namespace {

// The first bytes of a request that, left on a BMC connection, would take the next
// user's request (cookies, X-Auth-Token) as its body.
const QByteArray kSmuggled = "POST /steal HTTP/1.1\r\nHost: bmc\r\nContent-Length: 40\r\n\r\n";

// A tunnel client that does what the app never does: it opens streams itself and
// writes whatever it likes on them.
struct HostileTunnel {
    pc::TunnelClient client;
    bool established = false;

    HostileTunnel(const GatewayFixture &gw, const QByteArray &token)
        : client([&] {
            pc::TunnelClient::Options o;
            o.url = QUrl(u"wss://localhost:%1/.pmproxy/tunnel"_s.arg(gw.gatewayPort()));
            o.token = token;
            o.extraCas = {gw.certificate()};
            o.validUntil = QDateTime::currentDateTime().addSecs(3600);
            return o;
        }()) {
        QObject::connect(&client, &pc::TunnelClient::established, [this] { established = true; });
        client.start();
    }

    // Opens METHOD TARGET with HEADERS, writes BODY and ends the stream's request side.
    pc::TunnelStream *send(const QByteArray &method, const QByteArray &target,
                           const pc::HttpHeaders &headers, const QByteArray &body) {
        pc::HttpRequestHead head;
        head.method = method;
        head.target = target;
        head.headers = headers;
        head.headers.set("Host", "bmc");
        pc::TunnelStream *stream = client.session()->openStream(pc::TunnelStreamKind::Http, head);
        if (!body.isEmpty())
            stream->write(body);
        stream->finish();
        return stream;
    }
};

struct StreamOutcome {
    std::optional<pc::TunnelError> error;
    bool over = false;
    int status = 0;
};

StreamOutcome awaitEnd(pc::TunnelStream *stream) {
    StreamOutcome out;
    QObject::connect(stream, &pc::TunnelStream::errorOccurred,
                     [&out](const pc::TunnelError &e) { out.error = e; });
    QObject::connect(stream, &QIODevice::readyRead, [stream] { stream->readAll(); });
    waitFor([&] { return stream->isFinished() || out.error.has_value(); }, 15000);
    out.over = stream->isFinished() || out.error.has_value();
    if (stream->hasResponse())
        out.status = stream->responseHead().status;
    return out;
}

// Another user of the same BMC, in browser mode, with secrets in its request.
testsupport::RawReply victim(const GatewayFixture &gw, const QByteArray &token) {
    return testsupport::httpsExchange(gw.gatewayPort(),
                                      "GET /victim HTTP/1.1\r\nHost: localhost\r\nCookie: "
                                      "pm-session=" +
                                          token + "\r\nX-Auth-Token: victim-secret\r\n\r\n");
}

// The victim's request as the BMC saw it: complete, on its own, with its header.
bool victimArrivedIntact(const RecordingBmc &bmc) {
    for (const RecordingBmc::Request &r : bmc.requests()) {
        if (r.target == "/victim")
            return r.complete && r.headers.value("X-Auth-Token") == "victim-secret";
    }
    return false;
}

QJsonObject tokenClaims(const RecordingBmc &bmc, const QString &sub) {
    return {{u"platform"_s, u"generic"_s}, {u"port"_s, bmc.port()}, {u"sub"_s, sub}};
}

} // namespace

TEST_CASE("smuggling: tunnel Data past the Content-Length never reaches the BMC") {
    GatewayFixture gw;
    REQUIRE(gw.ok());
    RecordingBmc bmc;
    REQUIRE(bmc.listening());
    HostileTunnel mallory(gw, gw.mint(tokenClaims(bmc, u"mallory"_s)));
    REQUIRE(waitFor([&] { return mallory.established; }, 15000));

    // Content-Length 5, then 5 bytes and a request prefix.
    pc::TunnelStream *stream =
        mallory.send("POST", "/upload", {{"Content-Length", "5"}}, "hello" + kSmuggled);
    const StreamOutcome hostile = awaitEnd(stream);
    REQUIRE(hostile.over);

    const auto reply = victim(gw, gw.mint(tokenClaims(bmc, u"victim"_s)));
    INFO("victim got " << reply.status << " " << reply.body.toStdString() << " "
                       << reply.error.toStdString());
    CHECK(reply.status == 200);
    CHECK(reply.json().value(u"target"_s).toString().toStdString() == "/victim");
    CHECK_FALSE(bmc.received().contains("/steal"));
    CHECK(victimArrivedIntact(bmc));
    REQUIRE(hostile.error.has_value());
    CHECK(hostile.error->code == pc::TunnelErrorCode::Protocol);
    INFO(hostile.error->message.toStdString());
    CHECK(hostile.error->message.contains(u"Content-Length"_s));
}

TEST_CASE("smuggling: a tunnel body ending short of its Content-Length does not stay on a "
          "pooled BMC connection") {
    GatewayFixture gw;
    REQUIRE(gw.ok());
    RecordingBmc bmc;
    REQUIRE(bmc.listening());
    HostileTunnel mallory(gw, gw.mint(tokenClaims(bmc, u"mallory"_s)));
    REQUIRE(waitFor([&] { return mallory.established; }, 15000));

    // The BMC answers /early before reading the body: a gateway that took that answer
    // as the end of the exchange would pool a connection on which the BMC still expects
    // 90 body bytes, and the next user's request would be them.
    pc::TunnelStream *stream =
        mallory.send("POST", "/early", {{"Content-Length", "100"}}, "0123456789");
    const StreamOutcome hostile = awaitEnd(stream);
    REQUIRE(hostile.over);

    const auto reply = victim(gw, gw.mint(tokenClaims(bmc, u"victim"_s)));
    INFO("victim got " << reply.status << " " << reply.body.toStdString() << " "
                       << reply.error.toStdString());
    CHECK(reply.status == 200);
    CHECK(reply.json().value(u"target"_s).toString().toStdString() == "/victim");
    CHECK(victimArrivedIntact(bmc));
    for (const RecordingBmc::Request &r : bmc.requests())
        CHECK_FALSE(r.body.contains("victim"));
    REQUIRE(hostile.error.has_value());
    CHECK(hostile.error->code == pc::TunnelErrorCode::Protocol);
}

TEST_CASE("smuggling: a BMC response with bytes past its Content-Length does not return "
          "its connection to the pool") {
    GatewayFixture gw;
    REQUIRE(gw.ok());
    RecordingBmc bmc;
    REQUIRE(bmc.listening());
    const QByteArray cookie = GatewayFixture::cookieHeader(gw.mint(tokenClaims(bmc, u"u"_s)));

    // A clean exchange leaves its connection in the pool: the next request reuses it.
    REQUIRE(testsupport::httpsGet(gw.gatewayPort(), "/one", cookie).status == 200);
    REQUIRE(testsupport::httpsGet(gw.gatewayPort(), "/two", cookie).status == 200);
    REQUIRE(bmc.requests().size() == 2);
    REQUIRE(bmc.requests().at(1).connection == bmc.requests().at(0).connection);

    // 5 bytes more than the Content-Length: that connection is not reused.
    const auto overlong = testsupport::httpsGet(gw.gatewayPort(), "/overlong", cookie);
    CHECK(overlong.status == 200);
    REQUIRE(testsupport::httpsGet(gw.gatewayPort(), "/after", cookie).status == 200);
    REQUIRE(bmc.requests().size() == 4);
    CHECK(bmc.requests().at(2).target == "/overlong");
    CHECK(bmc.requests().at(3).connection != bmc.requests().at(2).connection);
}
