#include "ingress/ingresssession.h"

#include <limits>

using namespace Qt::StringLiterals;

namespace gw {

namespace {
const QString kSessionPrefix = u"ingress:"_s;
} // namespace

SessionRegistry::Joining IngressSession::joining(const QString &group,
                                                 const GatewayConfig::GroupRoute &route,
                                                 const HostPort &target) {
    SessionRegistry::Joining who;
    // Its id is a digest of this "token" (SessionRegistry::sessionIdFor: of what comes
    // before its last dot), so it has no dot: the host's dots become '!' (a host name has
    // none), and every route has its own session. ':' and '/' are not base64url: no real
    // token can name it (as agents' published services do).
    who.token = kSessionPrefix + group + u'/' + QString(route.host).replace(u'.', u'!');
    who.claims.ip = target.address.toString();
    who.claims.port = target.port.value_or(0);
    who.claims.exp = std::numeric_limits<qint32>::max();
    who.path = SessionPath::Ingress;
    who.address = target.address;
    who.group = group;
    who.host = route.host;
    return who;
}

std::optional<QPair<QString, QString>> IngressSession::routeOfSession(const QString &token) {
    if (!token.startsWith(kSessionPrefix))
        return std::nullopt;
    const QString rest = token.mid(kSessionPrefix.size());
    const qsizetype slash = rest.indexOf(u'/');
    if (slash < 0)
        return std::nullopt;
    return QPair<QString, QString>{rest.left(slash), rest.mid(slash + 1).replace(u'!', u'.')};
}

} // namespace gw
