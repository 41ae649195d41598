#pragma once

#include "http/httpheaders.h"

#include <QByteArray>
#include <QByteArrayView>
#include <optional>

namespace pc {

// Cookie (RFC 6265 §5.4) and Set-Cookie (§5.2) handling for the rewriters. Cookie
// names compare case-sensitively, as browsers do; values are never logged.
class CookieFilter {
public:
    // Removes every cookie named `name` from every Cookie field; a field left empty
    // is removed. Other cookies keep their order and bytes. Returns how many went.
    static qsizetype removeCookie(HttpHeaders &headers, QByteArrayView name);
    // The value of the first cookie named `name` over all Cookie fields.
    static std::optional<QByteArray> cookieValue(const HttpHeaders &headers, QByteArrayView name);

    // The cookie name of a Set-Cookie value ("a=b; Path=/" → "a"), trimmed.
    static QByteArray setCookieName(QByteArrayView setCookie);
    // A Set-Cookie value rewritten for the gateway: without Domain attributes (a
    // host-only cookie of the gateway's host), without Secure when the public side is
    // plain http (and then without SameSite=None too, which browsers refuse without
    // Secure). The name=value pair and the other attributes are kept byte for byte.
    static QByteArray rewriteSetCookie(QByteArrayView setCookie, bool publicSecure);
};

} // namespace pc
