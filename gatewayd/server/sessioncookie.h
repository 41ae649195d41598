#pragma once

#include "http/httpheaders.h"

#include <QString>

namespace gw {

// The browser-mode session cookie `pm-session`. It carries the gpsession token itself,
// so every request is verified afresh (signature, time window, revocation) and a
// gateway restart does not end browser sessions. It is never forwarded to a BMC
// (RequestRewriter removes it, as RewriteContext::gatewayCookie).
class SessionCookie {
public:
    static constexpr QByteArrayView Name = "pm-session";

    // The token from the request's Cookie headers, or empty.
    static QString find(const pc::HttpHeaders &headers);
    // `pm-session=TOKEN; HttpOnly; Secure; SameSite=Lax; Path=/`
    static QByteArray setCookieValue(const QString &token);
};

} // namespace gw
