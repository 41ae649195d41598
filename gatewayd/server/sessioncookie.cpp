#include "server/sessioncookie.h"

namespace gw {

namespace {

// Cookie pairs of one Cookie header value (RFC 6265 §5.4: "; "-separated).
QList<QByteArray> pairs(const QByteArray &value) {
    QList<QByteArray> out;
    for (const QByteArray &part : value.split(';')) {
        const QByteArray p = part.trimmed();
        if (!p.isEmpty())
            out.append(p);
    }
    return out;
}

bool isSessionPair(const QByteArray &pair) {
    const qsizetype eq = pair.indexOf('=');
    return eq > 0 && pair.left(eq).trimmed() == SessionCookie::Name;
}

} // namespace

QString SessionCookie::find(const pc::HttpHeaders &headers) {
    for (const QByteArray &value : headers.values("Cookie")) {
        for (const QByteArray &pair : pairs(value)) {
            if (isSessionPair(pair))
                return QString::fromLatin1(pair.mid(pair.indexOf('=') + 1).trimmed());
        }
    }
    return {};
}

QByteArray SessionCookie::setCookieValue(const QString &token) {
    return QByteArray(Name.data(), Name.size()) + '=' + token.toLatin1() +
           "; HttpOnly; Secure; SameSite=Lax; Path=/";
}

void SessionCookie::strip(pc::HttpHeaders &headers) {
    const QList<QByteArray> values = headers.values("Cookie");
    headers.remove("Cookie");
    for (const QByteArray &value : values) {
        QList<QByteArray> kept;
        for (const QByteArray &pair : pairs(value)) {
            if (!isSessionPair(pair))
                kept.append(pair);
        }
        if (!kept.isEmpty())
            headers.append("Cookie", kept.join("; "));
    }
}

} // namespace gw
