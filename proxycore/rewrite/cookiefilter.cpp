#include "rewrite/cookiefilter.h"

#include "http/httpsyntax.h"

namespace pc {

namespace {

using httpsyntax::equalsIgnoreCase;
using httpsyntax::trimOws;

QByteArrayView nameOf(QByteArrayView pair) {
    const qsizetype eq = pair.indexOf('=');
    return trimOws(eq < 0 ? pair : pair.first(eq));
}

QByteArrayView valueOf(QByteArrayView pair) {
    const qsizetype eq = pair.indexOf('=');
    return eq < 0 ? QByteArrayView() : trimOws(pair.sliced(eq + 1));
}

} // namespace

qsizetype CookieFilter::removeCookie(HttpHeaders &headers, QByteArrayView name) {
    qsizetype removed = 0;
    HttpHeaders out;
    for (const HttpHeaders::Field &field : headers) {
        if (!equalsIgnoreCase(field.name, "cookie")) {
            out.append(field.name, field.value);
            continue;
        }
        QList<QByteArray> kept;
        qsizetype here = 0;
        for (const QByteArray &pair : field.value.split(';')) {
            const QByteArrayView trimmed = trimOws(pair);
            if (trimmed.isEmpty())
                continue;
            if (nameOf(trimmed) == name)
                ++here;
            else
                kept.append(trimmed.toByteArray());
        }
        removed += here;
        if (here == 0)
            out.append(field.name, field.value); // untouched, byte for byte
        else if (!kept.isEmpty())
            out.append(field.name, kept.join("; "));
    }
    headers = out;
    return removed;
}

std::optional<QByteArray> CookieFilter::cookieValue(const HttpHeaders &headers,
                                                    QByteArrayView name) {
    for (const QByteArray &value : headers.values("cookie")) {
        for (const QByteArray &pair : value.split(';')) {
            const QByteArrayView trimmed = trimOws(pair);
            if (trimmed.contains('=') && nameOf(trimmed) == name)
                return valueOf(trimmed).toByteArray();
        }
    }
    return std::nullopt;
}

QByteArray CookieFilter::setCookieName(QByteArrayView setCookie) {
    const qsizetype semi = setCookie.indexOf(';');
    return nameOf(semi < 0 ? setCookie : setCookie.first(semi)).toByteArray();
}

QByteArray CookieFilter::rewriteSetCookie(QByteArrayView setCookie, bool publicSecure) {
    const QList<QByteArray> parts = setCookie.toByteArray().split(';');
    QList<QByteArray> out{trimOws(parts.first()).toByteArray()};
    for (qsizetype i = 1; i < parts.size(); ++i) {
        const QByteArrayView attribute = trimOws(parts.at(i));
        if (attribute.isEmpty())
            continue;
        const QByteArrayView name = nameOf(attribute);
        if (equalsIgnoreCase(name, "domain"))
            continue;
        if (!publicSecure && equalsIgnoreCase(name, "secure"))
            continue;
        if (!publicSecure && equalsIgnoreCase(name, "samesite") &&
            equalsIgnoreCase(valueOf(attribute), "none"))
            continue;
        out.append(attribute.toByteArray());
    }
    return out.join("; ");
}

} // namespace pc
