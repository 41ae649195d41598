#include "proxy/websocketshim.h"

#include "proxy/proxylog.h"

#include <zlib.h>

namespace app {

namespace {
// Held at most this much of a page looking for its <head> before injecting anyway.
constexpr qsizetype kScanLimit = 16 * 1024;
constexpr QByteArrayView kTag = "<script src=\"/.pmproxy/ws-shim.js\"></script>";

// Where the script goes: right after <head ...> (or <html ...>), so that it runs before
// any of the page's own scripts; never before a <!DOCTYPE>, which would change the mode.
qsizetype injectionPoint(const QByteArray &page, bool final) {
    const QByteArray lower = page.toLower();
    const bool settle = final || page.size() >= kScanLimit; // no <head> is coming
    for (const char *tag : {"<head", "<html"}) {
        // The element itself, not <header> or <html-something>.
        qsizetype at = lower.indexOf(tag);
        while (at >= 0 && at + 5 < lower.size() && lower.at(at + 5) != '>' &&
               !QChar::isSpace(uchar(lower.at(at + 5))))
            at = lower.indexOf(tag, at + 5);
        if (at < 0) {
            if (!settle)
                return -1; // wait for <head> before falling back to <html>
            continue;
        }
        const qsizetype close = lower.indexOf('>', at);
        if (close >= 0)
            return close + 1;
        return final ? page.size() : -1; // the tag is still being received
    }
    const qsizetype doctype = lower.indexOf("<!doctype");
    if (doctype >= 0) {
        const qsizetype close = lower.indexOf('>', doctype);
        return close >= 0 ? close + 1 : page.size();
    }
    return 0;
}

} // namespace

struct WebSocketShim::Inflater {
    z_stream z{};
    bool ok = false;
    Inflater() { ok = inflateInit2(&z, 16 + MAX_WBITS) == Z_OK; } // gzip wrapper
    ~Inflater() {
        if (ok)
            inflateEnd(&z);
    }
};

QByteArray WebSocketShim::script() {
    // Wraps the WebSocket constructor; the wrapper keeps the prototype and constants, so
    // pages that check `instanceof WebSocket` or WebSocket.OPEN see no difference.
    return QByteArrayLiteral(
        "(function(){'use strict';var N=window.WebSocket;"
        "if(!N||location.protocol!=='http:')return;"
        "function W(url,protocols){try{var u=new URL(url,location.href);"
        "if(u.protocol==='wss:'&&u.host===location.host){u.protocol='ws:';url=u.href;}}"
        "catch(e){}return protocols===undefined?new N(url):new N(url,protocols);}"
        "W.prototype=N.prototype;['CONNECTING','OPEN','CLOSING','CLOSED'].forEach("
        "function(k){W[k]=N[k];});window.WebSocket=W;})();\n");
}

std::unique_ptr<WebSocketShim> WebSocketShim::forResponse(pc::HttpResponseHead &head) {
    if (head.status != 200)
        return nullptr;
    if (!head.headers.value("Content-Type").trimmed().toLower().startsWith("text/html"))
        return nullptr;
    const QByteArray encoding = head.headers.value("Content-Encoding").trimmed().toLower();
    if (!encoding.isEmpty() && encoding != "gzip" && encoding != "identity")
        return nullptr;
    head.headers.remove("Content-Length");
    head.headers.remove("Content-Encoding");
    return std::unique_ptr<WebSocketShim>(new WebSocketShim(encoding == "gzip"));
}

WebSocketShim::WebSocketShim(bool gzip) {
    if (gzip)
        m_inflater = std::make_unique<Inflater>();
}

WebSocketShim::~WebSocketShim() = default;

QByteArray WebSocketShim::inflate(QByteArrayView data) {
    if (!m_inflater)
        return data.toByteArray();
    if (!m_inflater->ok || m_broken)
        return {};
    QByteArray out;
    z_stream &z = m_inflater->z;
    z.next_in = reinterpret_cast<Bytef *>(const_cast<char *>(data.data()));
    z.avail_in = uInt(data.size());
    char buffer[16384];
    while (z.avail_in > 0) {
        z.next_out = reinterpret_cast<Bytef *>(buffer);
        z.avail_out = sizeof buffer;
        const int rc = ::inflate(&z, Z_NO_FLUSH);
        out.append(buffer, qsizetype(sizeof buffer - z.avail_out));
        if (rc == Z_STREAM_END)
            break;
        if (rc != Z_OK && rc != Z_BUF_ERROR) {
            qCWarning(lcLocalProxy) << "a compressed page could not be inflated";
            m_broken = true;
            break;
        }
        if (rc == Z_BUF_ERROR && z.avail_out != 0)
            break;
    }
    return out;
}

QByteArray WebSocketShim::inject(bool final) {
    const qsizetype at = injectionPoint(m_head, final);
    if (at < 0)
        return {};
    m_injected = true;
    QByteArray out = m_head.left(at) + kTag.toByteArray() + m_head.mid(at);
    m_head.clear();
    return out;
}

QByteArray WebSocketShim::feed(QByteArrayView body) {
    QByteArray plain = inflate(body);
    if (m_injected)
        return plain;
    m_head += plain;
    return inject(false);
}

QByteArray WebSocketShim::finish() {
    return m_injected ? QByteArray() : inject(true);
}

} // namespace app
