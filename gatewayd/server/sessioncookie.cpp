#include "server/sessioncookie.h"

#include "rewrite/cookiefilter.h"

namespace gw {

QString SessionCookie::find(const pc::HttpHeaders &headers) {
    const auto value = pc::CookieFilter::cookieValue(headers, Name);
    return value ? QString::fromLatin1(*value) : QString();
}

QByteArray SessionCookie::setCookieValue(const QString &token) {
    return QByteArray(Name.data(), Name.size()) + '=' + token.toLatin1() +
           "; HttpOnly; Secure; SameSite=Lax; Path=/";
}

} // namespace gw
