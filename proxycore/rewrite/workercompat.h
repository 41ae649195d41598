#pragma once

#include "http/httpheaders.h"
#include "http/httprequesthead.h"
#include "rewrite/rewriteerror.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QList>
#include <QString>
#include <optional>

namespace pc {

// Requests in the shapes the original pmproxy Cloudflare Worker took (PRODUCT.md §5).
// This only parses: the caller still checks the target against the token and
// targets.allow exactly as for a token's own ip/port, then rewrites with
// RequestRewriter for the token's platform.
//
// 1. Any request with `X-PM-Host: <ip or name>` and optional `X-PM-Port: <port>`
//    (default 443): takeHeaderTarget() returns the target and removes both fields.
// 2. `GET /websocket/{ip}/{port}/{path}?headers=BASE64(JSON)`: a WebSocket upgrade for
//    https://{ip}:{port}/{path}, its remaining query kept, with the headers of the
//    JSON object set on the BMC-bound upgrade. {ip} may be percent-encoded and IPv6 may
//    come in brackets; the base64 may be standard or url-safe, padded or not, and
//    percent-encoded in the query.
//
// Refusals (RewriteError codes): bad_target (host, repeated or lone X-PM-Port),
// bad_port, bad_websocket_path, bad_base64, bad_json (syntax, not an object, duplicate
// member), bad_header_name (not an RFC 9110 token: CR/LF/NUL, spaces, ...),
// bad_header_value (not a string, or CR/LF/NUL/other controls), header_not_allowed
// (Content-Length, Transfer-Encoding: a GET upgrade carries no body).
class WorkerCompat {
public:
    struct Target {
        QString host; // without brackets
        quint16 port = 443;
    };

    struct WebSocketRequest {
        Target target;
        QByteArray bmcTarget; // "/path?remaining=query", origin-form
        HttpHeaders headers;  // to set on the upgrade, in member-name order
        // Names the JSON gave that the gateway sets itself (Host, Connection, Upgrade,
        // Sec-WebSocket-Key/-Version, other hop-by-hop fields): left out.
        QList<QByteArray> ignored;
    };

    static constexpr QByteArrayView kWebSocketPrefix = "/websocket/";

    // nullopt inside a value: the request names no target in headers (nothing removed).
    static Expected<std::optional<Target>, RewriteError> takeHeaderTarget(HttpHeaders &headers);

    // Whether an origin-form target is in the /websocket/ form.
    static bool isWebSocketTarget(QByteArrayView target);
    static Expected<WebSocketRequest, RewriteError> parseWebSocket(QByteArrayView target);
    // Puts the BMC target and the headers on the browser's upgrade, before
    // RequestRewriter::rewrite(); fields already there with the same names are replaced.
    static void apply(const WebSocketRequest &request, HttpRequestHead &head);

    // Base64, standard or url-safe alphabet (not mixed), with or without padding.
    static std::optional<QByteArray> decodeBase64(QByteArrayView text);

private:
    static Expected<Target, RewriteError> parseTarget(QByteArrayView host, QByteArrayView port);
    static Expected<WebSocketRequest, RewriteError> decodeHeaders(QByteArrayView encoded,
                                                                  WebSocketRequest request);
};

} // namespace pc
