#pragma once

#include "http/httpbodyframing.h"
#include "http/httpheaders.h"
#include "http/httpversion.h"

#include <QByteArray>

namespace pc {

// The request line and header section of an HTTP/1.x request.
struct HttpRequestHead {
    QByteArray method; // case-sensitive token, e.g. "GET"
    QByteArray target; // as received: origin-form, absolute-form, authority-form or "*"
    HttpVersion version = HttpVersion::Http1_1;
    HttpHeaders headers;
    // Filled in by HttpParser; ignored by HttpSerializer (frame the body yourself).
    HttpBodyFraming framing;

    // Whether the connection stays open after this request (RFC 9112 §9.3).
    bool keepAlive() const;
    // An HTTP/1.1 request with "Connection: upgrade" and an Upgrade field (RFC 9110
    // §7.8). The parser stops after such a request (and after CONNECT).
    bool isUpgrade() const;
    // The Upgrade field's value (protocols the client offers), OWS trimmed; empty if
    // this is no upgrade.
    QByteArray upgradeProtocol() const;
    // An HTTP/1.1 GET upgrade whose first offered protocol is "websocket" (RFC 6455 §4.1).
    bool isWebSocketUpgrade() const;
    bool isConnect() const;
    // Whether a body follows this head (framing.kind != None).
    bool hasBody() const;

    friend bool operator==(const HttpRequestHead &, const HttpRequestHead &) = default;
};

} // namespace pc
