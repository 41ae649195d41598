// The emulator's HTTP side under bad input: clear refusals, and it goes on serving.

#include "bmcsim/refusal.h"
#include "simclient.h"

#include <QSslSocket>
#include <catch2/catch.hpp>

using namespace Qt::StringLiterals;
using namespace bmcsim;
using namespace bmcsim::test;

TEST_CASE("http: malformed requests get 4xx and the server goes on", "[bmcsim][http]") {
    SimFixture bmc(ServerOptions::of(Platform::Generic));

    const Reply garbage = rawExchange(bmc.server, "NOT HTTP AT ALL\r\n\r\n");
    CHECK(garbage.status == 501); // "NOT" is no method it knows
    CHECK(garbage.refusal() == refusal::BadRequest);

    const Reply smuggle = rawExchange(bmc.server, "POST /api HTTP/1.1\r\nHost: x\r\n"
                                                  "Content-Length: 3\r\nTransfer-Encoding: "
                                                  "chunked\r\n\r\n0\r\n\r\n");
    CHECK(smuggle.status == 400);

    const Reply huge =
        rawExchange(bmc.server, "GET / HTTP/1.1\r\nX: " + QByteArray(70 * 1024, 'a') + "\r\n\r\n");
    CHECK(huge.status == 431);

    const Reply endless =
        rawExchange(bmc.server, "GET / HTTP/1.1\r\nX: " + QByteArray(70 * 1024, 'a'));
    CHECK(endless.status == 431);
    CHECK(endless.refusal() == refusal::HeadTooLarge);

    CHECK(bmc.client.get("/").status == 200);
}

TEST_CASE("http: a client leaving in the middle of a body harms nothing", "[bmcsim][http]") {
    SimFixture bmc(ServerOptions::of(Platform::Generic));
    REQUIRE(bmc.client
                .post("/redfish/v1/SessionService/Sessions",
                      R"({"UserName":"root","Password":"0penBmc"})")
                .status == 201);
    {
        QSslSocket socket;
        socket.setSslConfiguration(trusting(bmc.server.certificate()));
        socket.connectToHostEncrypted(u"127.0.0.1"_s, bmc.server.port());
        REQUIRE(waitFor([&] { return socket.isEncrypted(); }));
        socket.write("PUT /vmedia/upload HTTP/1.1\r\nHost: x\r\nCookie: SESSION=" +
                     bmc.client.cookie("SESSION") + "\r\nContent-Length: 100000000\r\n\r\n" +
                     QByteArray(300000, 'x'));
        REQUIRE(waitFor([&] { return socket.bytesToWrite() == 0; }));
        socket.abort();
    }
    CHECK(bmc.client.get("/redfish/v1").status == 200);
}

TEST_CASE("http: HEAD answers the headers without the body", "[bmcsim][http]") {
    SimFixture bmc(ServerOptions::of(Platform::AsrockRack));
    const Reply get = bmc.client.get("/index.html");
    const Reply head = bmc.client.request("HEAD", "/index.html");
    CHECK(head.error.isEmpty()); // answered, not timed out
    CHECK(head.status == 200);
    CHECK(head.body.isEmpty());
    CHECK(head.header("Content-Length") == QByteArray::number(get.body.size()));
}

TEST_CASE("http: --compress gzips text answers for clients that accept gzip", "[bmcsim][http]") {
    ServerOptions options = ServerOptions::of(Platform::Generic);
    options.compress = true;
    SimFixture bmc(options);
    const QByteArray get = "GET / HTTP/1.1\r\nHost: " + bmc.host() + "\r\nConnection: close\r\n";

    const Reply plain = rawExchange(bmc.server, get + "\r\n");
    REQUIRE(plain.status == 200);
    CHECK(plain.header("Content-Encoding").isEmpty());
    CHECK(plain.body.contains("OpenBMC"));

    for (const char *accepted : {"gzip", "gzip, deflate, br, zstd", "br;q=1, GZIP;q=0.5", "*"}) {
        INFO(accepted);
        const Reply gz = rawExchange(bmc.server, get + "Accept-Encoding: " + accepted + "\r\n\r\n");
        REQUIRE(gz.status == 200);
        CHECK(gz.header("Content-Encoding") == "gzip");
        CHECK(gz.header("Vary") == "Accept-Encoding");
        CHECK(gz.header("Content-Length") == QByteArray::number(gz.body.size()));
        CHECK(gz.body.startsWith("\x1f\x8b"));
        CHECK_FALSE(gz.body.contains("OpenBMC"));
    }
    for (const char *refused : {"gzip;q=0", "br, deflate", "identity"}) {
        INFO(refused);
        const Reply r = rawExchange(bmc.server, get + "Accept-Encoding: " + refused + "\r\n\r\n");
        CHECK(r.header("Content-Encoding").isEmpty());
        CHECK(r.body.contains("OpenBMC"));
    }
    // QNAM (which offers gzip and decodes) sees the page as it is.
    const Reply viaQnam = bmc.client.get("/");
    CHECK(viaQnam.body.contains("OpenBMC"));
}
