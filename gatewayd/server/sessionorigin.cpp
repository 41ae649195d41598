#include "server/sessionorigin.h"

#include "session/sessionregistry.h"

using namespace Qt::StringLiterals;

namespace gw {

namespace {

struct Host {
    QString name; // lower case, no trailing dot
    QString port; // digits, or empty
};

Host hostOf(const pc::HttpHeaders &headers) {
    QString text = QString::fromLatin1(headers.value("Host")).trimmed().toLower();
    Host host;
    // "name:port" or "[v6]:port"; an IP literal never matches a session origin, but its
    // port is still the one the client used.
    const qsizetype bracket = text.lastIndexOf(u']');
    const qsizetype colon = text.lastIndexOf(u':');
    if (colon > bracket && (bracket >= 0 || text.count(u':') == 1)) {
        host.port = text.mid(colon + 1);
        text.truncate(colon);
    }
    if (text.endsWith(u'.'))
        text.chop(1);
    host.name = text;
    return host;
}

} // namespace

QString SessionOrigin::hostName(const pc::HttpHeaders &headers) {
    return hostOf(headers).name;
}

QString SessionOrigin::label(const pc::GpsessionClaims &claims, QStringView token) {
    return u"s"_s + SessionRegistry::sessionIdFor(claims, token);
}

bool SessionOrigin::isOrigin(const pc::HttpHeaders &headers, const QString &sessionDomain,
                             const QString &label) {
    return hostOf(headers).name == label + u'.' + sessionDomain;
}

QByteArray SessionOrigin::origin(const pc::HttpHeaders &headers, const QString &sessionDomain,
                                 const QString &label) {
    const Host host = hostOf(headers);
    bool numeric = !host.port.isEmpty();
    for (QChar c : host.port)
        numeric = numeric && c.isDigit();
    QString origin = u"https://"_s + label + u'.' + sessionDomain;
    if (numeric && host.port != u"443"_s)
        origin += u':' + host.port;
    return origin.toLatin1();
}

} // namespace gw
