// Compressed BMC responses through a real gatewayd (issue 8, point 13): gzip and deflate
// text bodies are decoded, rewritten and sent uncompressed for the profiles that rewrite
// bodies, passed through byte for byte for the others; the BMC is offered only codings
// gatewayd decodes; corrupt data gives 502 JSON or, once the body has started, a
// truncated response and a log line; a highly compressed body streams in bounded memory.
#include "cannedbmc.h"
#include "gatewayfixture.h"
#include "httpsclient.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QRandomGenerator>
#include <catch2/catch.hpp>
#include <cstdio>
#include <functional>
#include <zlib.h>

using namespace Qt::StringLiterals;
using testsupport::httpsGet;

namespace {

// DATA compressed by zlib: windowBits 31 gzip, 15 zlib, -15 raw deflate.
QByteArray compress(const QByteArray &data, int windowBits, int level = Z_DEFAULT_COMPRESSION) {
    z_stream z{};
    REQUIRE(deflateInit2(&z, level, Z_DEFLATED, windowBits, 8, Z_DEFAULT_STRATEGY) == Z_OK);
    QByteArray out(qsizetype(deflateBound(&z, uLong(data.size()))), Qt::Uninitialized);
    z.next_in = reinterpret_cast<Bytef *>(const_cast<char *>(data.data()));
    z.avail_in = uInt(data.size());
    z.next_out = reinterpret_cast<Bytef *>(out.data());
    z.avail_out = uInt(out.size());
    REQUIRE(deflate(&z, Z_FINISH) == Z_STREAM_END);
    out.resize(qsizetype(z.total_out));
    deflateEnd(&z);
    return out;
}

QByteArray cannedResponse(const QByteArray &contentType, const QByteArray &encoding,
                          const QByteArray &body) {
    QByteArray head = "HTTP/1.1 200 OK\r\nContent-Type: " + contentType + "\r\n";
    if (!encoding.isEmpty())
        head += "Content-Encoding: " + encoding + "\r\nVary: Accept-Encoding\r\n";
    return head + "Content-Length: " + QByteArray::number(body.size()) + "\r\n\r\n" + body;
}

QByteArray session(GatewayFixture &gw, const CannedBmc &bmc, const QString &platform) {
    return GatewayFixture::cookieHeader(
        gw.mint({{u"port"_s, bmc.port()}, {u"platform"_s, platform}}));
}

// A kilobyte of BMC page naming the BMC absolutely, as iDRAC and iLO pages do.
QByteArray bmcPage(quint16 bmcPort) {
    const QByteArray origin = "https://127.0.0.1:" + QByteArray::number(bmcPort);
    return "<html><head><script src=\"" + origin +
           "/js/app.js\"></script></head><body>\n"
           "<a href=\"" +
           origin +
           "/restgui/index.html\">home</a>\n"
           "<script>var ws = new WebSocket(\"wss://127.0.0.1:" +
           QByteArray::number(bmcPort) +
           "/console\"); var j = {\"u\":\"https:\\/\\/127.0.0.1:" + QByteArray::number(bmcPort) +
           "\\/x\"};</script>\n</body></html>\n";
}

bool waitFor(const std::function<bool()> &done, int timeoutMs = 10000) {
    QElapsedTimer clock;
    clock.start();
    while (!done()) {
        if (clock.elapsed() > timeoutMs)
            return false;
        QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents, 50);
    }
    return true;
}

qint64 statusKiB(qint64 pid, const char *field) {
    QFile status(u"/proc/%1/status"_s.arg(pid));
    if (!status.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray &line : status.readAll().split('\n')) {
        if (line.startsWith(field))
            return line.mid(qstrlen(field)).trimmed().split(' ').first().toLongLong();
    }
    return -1;
}

} // namespace

TEST_CASE("compression: gzip and deflate text is decoded, rewritten and sent uncompressed") {
    GatewayFixture gw;
    REQUIRE(gw.ok());
    CannedBmc bmc;
    REQUIRE(bmc.listening());
    const QByteArray page = bmcPage(bmc.port());
    const QByteArray bmcHost = "127.0.0.1:" + QByteArray::number(bmc.port());
    const QByteArray gateway = "localhost:" + QByteArray::number(gw.gatewayPort());
    struct Format {
        QByteArray encoding;
        int windowBits;
    };
    const Format formats[] = {{"gzip", 31}, {"x-gzip", 31}, {"deflate", 15}, {"deflate", -15}};
    for (const Format &f : formats) {
        bmc.answer("/page.html", cannedResponse("text/html; charset=utf-8", f.encoding,
                                                compress(page, f.windowBits)));
        bmc.answer("/data.json",
                   cannedResponse("application/json", f.encoding, compress(page, f.windowBits)));
        for (const QString &platform : {u"idrac8"_s, u"idrac9"_s, u"ilo5"_s}) {
            for (const QByteArray path : {"/page.html", "/data.json"}) {
                INFO(platform.toStdString() << " " << path.toStdString() << " "
                                            << f.encoding.toStdString() << " " << f.windowBits);
                const auto reply = httpsGet(gw.gatewayPort(), path,
                                            session(gw, bmc, platform) +
                                                "Accept-Encoding: gzip, deflate, br, zstd\r\n");
                REQUIRE(reply.status == 200);
                CHECK(reply.error.isEmpty());
                CHECK_FALSE(reply.headers.contains("content-encoding"));
                CHECK(reply.headers.value("transfer-encoding") == "chunked");
                CHECK_FALSE(reply.body.contains(bmcHost)); // every absolute BMC URL rewritten
                CHECK(reply.body.contains("https://" + gateway + "/restgui/index.html"));
                CHECK(reply.body.contains("wss://" + gateway + "/console"));
                CHECK(reply.body.contains("https:\\/\\/" + gateway + "\\/x"));
            }
        }
    }
    // What the BMC was offered: only codings gatewayd decodes.
    REQUIRE_FALSE(bmc.requests().isEmpty());
    for (const QByteArray &head : bmc.requests())
        CHECK(head.contains("\r\nAccept-Encoding: gzip, deflate\r\n"));
}

TEST_CASE("compression: profiles without body rules pass compressed bodies byte for byte") {
    GatewayFixture gw;
    REQUIRE(gw.ok());
    CannedBmc bmc;
    REQUIRE(bmc.listening());
    const QByteArray compressed = compress(bmcPage(bmc.port()), 31);
    bmc.answer("/page.html", cannedResponse("text/html", "gzip", compressed));
    for (const QString &platform : {u"generic"_s, u"asrockrack"_s}) {
        INFO(platform.toStdString());
        const auto reply =
            httpsGet(gw.gatewayPort(), "/page.html",
                     session(gw, bmc, platform) + "Accept-Encoding: gzip, deflate, br\r\n");
        REQUIRE(reply.status == 200);
        CHECK(reply.headers.value("content-encoding") == "gzip");
        CHECK(reply.headers.value("content-length") == QByteArray::number(compressed.size()));
        CHECK(reply.body == compressed);
        CHECK(bmc.requests().last().contains("\r\nAccept-Encoding: gzip, deflate, br\r\n"));
    }
}

TEST_CASE("compression: a coding gatewayd cannot decode passes through, and is logged") {
    GatewayFixture gw;
    REQUIRE(gw.ok());
    CannedBmc bmc;
    REQUIRE(bmc.listening());
    // A BMC that answers br although it was not offered.
    bmc.answer("/page.html", cannedResponse("text/html", "br", "\x0b\x02\x80<html></html>\x03"));
    const auto reply = httpsGet(gw.gatewayPort(), "/page.html",
                                session(gw, bmc, u"ilo5"_s) + "Accept-Encoding: br\r\n");
    REQUIRE(reply.status == 200);
    CHECK(reply.headers.value("content-encoding") == "br");
    CHECK(bmc.requests().last().contains("\r\nAccept-Encoding: identity\r\n"));
    CHECK(waitFor([&] { return gw.gatewayLog().contains("cannot be decoded"); }));
}

TEST_CASE("compression: corrupt data gives 502 JSON, or once sent a truncated response") {
    GatewayFixture gw;
    REQUIRE(gw.ok());
    CannedBmc bmc;
    REQUIRE(bmc.listening());
    const QByteArray cookie = session(gw, bmc, u"idrac9"_s);

    // Corrupt from the first byte, and cut off before any data: nothing was sent yet.
    bmc.answer("/garbage.html",
               cannedResponse("text/html", "gzip", "<html>plain, not gzip</html>"));
    bmc.answer("/cut.js", cannedResponse("application/javascript", "gzip",
                                         compress(bmcPage(bmc.port()), 31).first(10)));
    for (const QByteArray path : {"/garbage.html", "/cut.js"}) {
        INFO(path.toStdString());
        const auto reply = httpsGet(gw.gatewayPort(), path, cookie);
        CHECK(reply.status == 502);
        CHECK(reply.json().value(u"error"_s).toString() == u"bmc_bad_encoding"_s);
        CHECK(
            reply.json().value(u"detail"_s).toString().contains(u"127.0.0.1:%1"_s.arg(bmc.port())));
    }

    // Corrupt in the middle of a large body: the response started, so it is cut off.
    QByteArray text;
    QRandomGenerator random(13);
    while (text.size() < 1024 * 1024)
        text += QByteArray::number(random.generate64(), 16) + '\n';
    QByteArray damaged = compress(text, 31);
    REQUIRE(damaged.size() > 400 * 1024);
    for (qsizetype i = 300 * 1024; i < 301 * 1024; ++i)
        damaged[i] = char(0xff);
    bmc.answer("/big.html", cannedResponse("text/html", "gzip", damaged));
    const auto cut = httpsGet(gw.gatewayPort(), "/big.html", cookie);
    CHECK(cut.status == 200);
    CHECK_FALSE(cut.error.isEmpty()); // no last chunk: the client sees the body end early
    CHECK(cut.closed);
    CHECK(cut.body.size() > 64 * 1024);
    CHECK(text.startsWith(cut.body.left(64 * 1024)));
    CHECK(waitFor([&] { return gw.gatewayLog().contains("response truncated"); }));

    // The gateway goes on serving.
    bmc.answer("/ok.html", cannedResponse("text/html", "gzip", compress("<p>fine</p>", 31)));
    const auto ok = httpsGet(gw.gatewayPort(), "/ok.html", cookie);
    CHECK(ok.status == 200);
    CHECK(ok.body == "<p>fine</p>");
}

TEST_CASE("compression: a highly compressed large body streams in bounded memory") {
    GatewayFixture gw;
    REQUIRE(gw.ok());
    CannedBmc bmc;
    REQUIRE(bmc.listening());
    const QByteArray line = "<p><a href=\"https://127.0.0.1:" + QByteArray::number(bmc.port()) +
                            "/item\">item</a></p>\n";
    const qsizetype lines = (64 * 1024 * 1024) / line.size();
    const QByteArray text = line.repeated(lines);
    const QByteArray compressed = compress(text, 31, 9);
    // Far over 1:100: one 64 KiB read from the BMC would be megabytes decoded at once.
    CHECK(compressed.size() < text.size() / 100);
    bmc.answer("/huge.html", cannedResponse("text/html", "gzip", compressed));
    const qint64 before = statusKiB(gw.gatewayPid(), "VmRSS:");

    QElapsedTimer clock;
    clock.start();
    const auto reply =
        httpsGet(gw.gatewayPort(), "/huge.html", session(gw, bmc, u"ilo5"_s), 120000);
    const double seconds = clock.nsecsElapsed() / 1e9;
    REQUIRE(reply.status == 200);
    CHECK(reply.error.isEmpty());
    const QByteArray rewrittenLine =
        "<p><a href=\"https://localhost:" + QByteArray::number(gw.gatewayPort()) +
        "/item\">item</a></p>\n";
    CHECK(reply.body.size() == rewrittenLine.size() * lines);
    CHECK(reply.body.count(rewrittenLine) == lines);

    const qint64 peak = statusKiB(gw.gatewayPid(), "VmHWM:");
    std::fprintf(stderr,
                 "compressed body: %lld KiB gzip -> %lld MiB decoded in %.2f s (%.0f MiB/s); "
                 "gatewayd RSS %lld KiB before, peak %lld KiB\n",
                 qint64(compressed.size() / 1024), qint64(text.size() >> 20), seconds,
                 (text.size() >> 20) / seconds, before, peak);
    // Decoded only as the client takes it: the peak stays far below the body's size.
    CHECK(peak > 0);
    CHECK(peak - before < 24 * 1024);
}
