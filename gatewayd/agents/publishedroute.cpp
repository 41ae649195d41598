#include "agents/publishedroute.h"

#include "rewrite/cookiefilter.h"
#include "rewrite/platformprofile.h"
#include "server/sessionorigin.h"

#include <limits>

using namespace Qt::StringLiterals;

namespace gw {

namespace {
const QString kSessionPrefix = u"agent-publish:"_s;
} // namespace

std::optional<QString> PublishedRoute::agentFor(const pc::HttpHeaders &headers,
                                                const QString &agentDomain) {
    if (agentDomain.isEmpty())
        return std::nullopt;
    const QString host = SessionOrigin::hostName(headers);
    const QString suffix = u'.' + agentDomain;
    if (!host.endsWith(suffix) || host.size() == suffix.size())
        return std::nullopt;
    return host.left(host.size() - suffix.size());
}

pc::UpstreamTarget PublishedRoute::target(const QString &agent, const QUrl &published) {
    pc::UpstreamTarget target;
    target.agent = agent;
    // Its own pool key: never a BMC connection through the same agent.
    target.hostName = u"published:"_s + published.host();
    const bool tls = published.scheme() == u"https";
    target.port = quint16(published.port(tls ? 443 : 80));
    return target;
}

pc::HttpRequestHead PublishedRoute::rewrite(pc::HttpRequestHead head, const QUrl &published,
                                            const QHostAddress &peer) {
    const QByteArray clientHost = head.headers.value("Host");
    const bool tls = published.scheme() == u"https";
    QString authority = published.host();
    if (authority.contains(u':'))
        authority = u'[' + authority + u']';
    const int port = published.port(-1);
    if (port > 0 && port != (tls ? 443 : 80))
        authority += u':' + QString::number(port);
    head.headers.set("Host", authority.toLatin1());
    // The gateway's session cookie (it holds a token) never reaches the service.
    pc::CookieFilter::removeCookie(head.headers, "pm-session");
    head.headers.remove("X-Forwarded-Host");
    head.headers.remove("X-Forwarded-Proto");
    head.headers.remove("X-Forwarded-For");
    head.headers.append("X-Forwarded-Host", clientHost);
    head.headers.append("X-Forwarded-Proto", "https");
    head.headers.append("X-Forwarded-For", peer.toString().toLatin1());
    // The service's path prefix, if its URL has one.
    const QByteArray prefix = published.path(QUrl::FullyEncoded).toLatin1();
    if (!prefix.isEmpty() && prefix != "/") {
        QByteArray base = prefix;
        if (base.endsWith('/'))
            base.chop(1);
        head.target = base + head.target;
    }
    return head;
}

std::optional<pc::ResponseRewriter> PublishedRoute::responseRewriter(const QByteArray &hostHeader,
                                                                     const QUrl &published,
                                                                     const QHostAddress &peer) {
    const bool tls = published.scheme() == u"https";
    auto context = pc::RewriteContext::create(hostHeader, true, published.host(),
                                              quint16(published.port(tls ? 443 : 80)),
                                              pc::Platform::Generic, peer.toString().toLatin1());
    if (!context)
        return std::nullopt;
    return pc::ResponseRewriter(*context, pc::PlatformProfile::forPlatform(pc::Platform::Generic));
}

SessionRegistry::Joining PublishedRoute::session(const QString &agent, const QUrl &published) {
    SessionRegistry::Joining who;
    who.token = kSessionPrefix + agent;
    who.claims.ip = published.host();
    who.claims.port = quint16(published.port(published.scheme() == u"https" ? 443 : 80));
    who.claims.agent = agent;
    // One session per agent's service. Its id is a digest of this "token", which has no
    // dot: a real token's signing input always has one, so no token can name it.
    who.claims.exp = std::numeric_limits<qint32>::max();
    who.path = SessionPath::Agent;
    return who;
}

std::optional<QString> PublishedRoute::agentOfSession(const QString &token) {
    if (!token.startsWith(kSessionPrefix))
        return std::nullopt;
    return token.mid(kSessionPrefix.size());
}

} // namespace gw
