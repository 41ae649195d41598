#pragma once

#include "http/httpresponsehead.h"

#include <QByteArray>
#include <memory>

namespace app {

// The loopback proxy is plain http (the browser needs no certificate for it), but BMC
// pages open their consoles with a hard-coded "wss://" + location.host, which a plain
// listener cannot answer. Every HTML page the proxy passes gets one <script> (served
// by the proxy itself, so a CSP allowing 'self' scripts allows it) that makes a
// WebSocket to wss://<this page's host> use ws:// instead; everything else is left as
// is. Compressed pages (iDRAC9 serves /restgui/ only gzip-compressed) are inflated on
// the way (zlib): the browser then gets them uncompressed.
class WebSocketShim {
public:
    static constexpr QByteArrayView kScriptPath = "/.pmproxy/ws-shim.js";
    static QByteArray script();

    // An injector for a response with HEAD, or nullptr when it is not an HTML page we
    // can rewrite. On success HEAD loses Content-Length and Content-Encoding (the body
    // changes size and is sent uncompressed).
    static std::unique_ptr<WebSocketShim> forResponse(pc::HttpResponseHead &head);
    ~WebSocketShim();

    QByteArray feed(QByteArrayView body);
    QByteArray finish();

private:
    WebSocketShim(bool gzip);
    QByteArray inflate(QByteArrayView data);
    QByteArray inject(bool final);

    struct Inflater;
    std::unique_ptr<Inflater> m_inflater; // null: the body is not compressed
    QByteArray m_head; // the page's start, held until the injection point is known
    bool m_injected = false;
    bool m_broken = false; // corrupt compressed data: pass nothing more
};

} // namespace app
