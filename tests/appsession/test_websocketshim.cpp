// HTML pages through the loopback proxy get the WebSocket shim's <script> right after
// <head>, compressed or not; other responses are left alone.
#include "proxy/websocketshim.h"

#include <catch2/catch.hpp>
#include <zlib.h>

using app::WebSocketShim;

namespace {

QByteArray gzip(const QByteArray &data) {
    z_stream z{};
    REQUIRE(deflateInit2(&z, 6, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY) == Z_OK);
    QByteArray out(int(deflateBound(&z, uLong(data.size()))) + 32, Qt::Uninitialized);
    z.next_in = reinterpret_cast<Bytef *>(const_cast<char *>(data.data()));
    z.avail_in = uInt(data.size());
    z.next_out = reinterpret_cast<Bytef *>(out.data());
    z.avail_out = uInt(out.size());
    REQUIRE(deflate(&z, Z_FINISH) == Z_STREAM_END);
    out.resize(qsizetype(z.total_out));
    deflateEnd(&z);
    return out;
}

pc::HttpResponseHead html(const QByteArray &encoding = {}) {
    pc::HttpResponseHead h;
    h.status = 200;
    h.headers.append("Content-Type", "text/html; charset=utf-8");
    h.headers.append("Content-Length", "123");
    if (!encoding.isEmpty())
        h.headers.append("Content-Encoding", encoding);
    return h;
}

// Feeds BODY in pieces of STEP bytes.
QByteArray through(WebSocketShim &shim, const QByteArray &body, qsizetype step) {
    QByteArray out;
    for (qsizetype i = 0; i < body.size(); i += step)
        out += shim.feed(QByteArrayView(body).sliced(i, std::min(step, body.size() - i)));
    return out + shim.finish();
}

const QByteArray kPage = "<!DOCTYPE html>\n<html lang=\"en\"><HEAD><meta charset=\"utf-8\">"
                         "<script>new WebSocket('wss://' + location.host + '/kvm')</script>"
                         "</head><body>console</body></html>";
const QByteArray kTag = "<script src=\"/.pmproxy/ws-shim.js\"></script>";

} // namespace

TEST_CASE("websocket shim: injected after <head>, before the page's scripts, in any pieces") {
    const qsizetype step = GENERATE(1, 7, 64, 100000);
    auto head = html();
    auto shim = WebSocketShim::forResponse(head);
    REQUIRE(shim);
    CHECK_FALSE(head.headers.contains("Content-Length"));
    const QByteArray out = through(*shim, kPage, step);
    CHECK(out == QByteArray(kPage).replace("<HEAD>", "<HEAD>" + kTag));
}

TEST_CASE("websocket shim: gzip pages are inflated and sent plain") {
    auto head = html("gzip");
    auto shim = WebSocketShim::forResponse(head);
    REQUIRE(shim);
    CHECK_FALSE(head.headers.contains("Content-Encoding"));
    const QByteArray out = through(*shim, gzip(kPage), 5);
    CHECK(out == QByteArray(kPage).replace("<HEAD>", "<HEAD>" + kTag));
}

TEST_CASE("websocket shim: only 200 HTML pages it can read") {
    auto json = html();
    json.headers.set("Content-Type", "application/json");
    CHECK_FALSE(WebSocketShim::forResponse(json));
    auto brotli = html("br");
    CHECK_FALSE(WebSocketShim::forResponse(brotli));
    CHECK(brotli.headers.contains("Content-Length")); // untouched when not taken
    auto notFound = html();
    notFound.status = 404;
    CHECK_FALSE(WebSocketShim::forResponse(notFound));
}

TEST_CASE("websocket shim: a page without <head> gets it after the doctype, never before") {
    auto head = html();
    auto shim = WebSocketShim::forResponse(head);
    const QByteArray out = through(*shim, "<!doctype html><p>hi</p>", 3);
    CHECK(out == "<!doctype html>" + kTag + "<p>hi</p>");
    auto head2 = html();
    auto shim2 = WebSocketShim::forResponse(head2);
    CHECK(through(*shim2, "<!doctype html><header>x</header>", 4) ==
          "<!doctype html>" + kTag + "<header>x</header>");
    CHECK(WebSocketShim::script().contains("u.protocol='ws:'"));
}
