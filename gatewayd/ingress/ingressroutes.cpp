#include "ingress/ingressroutes.h"

#include <QHostAddress>

namespace gw {

namespace {

bool isAtOrBelow(const QString &host, const QString &domain) {
    if (domain.isEmpty())
        return false;
    return host == domain || (host.size() > domain.size() + 1 && host.endsWith(domain) &&
                              host.at(host.size() - domain.size() - 1) == u'.');
}

} // namespace

IngressRoutes::IngressRoutes(const GatewayConfig &config)
    : m_name(config.name.toLower())
    , m_sessionDomain(config.browser.sessionDomain)
    , m_agentDomain(config.ingress.agentDomain) {
    for (const GatewayConfig::Group &group : config.groups) {
        for (const GatewayConfig::GroupRoute &route : group.routes)
            m_routes.insert(route.host, Target{group.name, route});
    }
}

bool IngressRoutes::isOwnName(const QString &host) const {
    if (host == m_name || isAtOrBelow(host, m_sessionDomain) || isAtOrBelow(host, m_agentDomain))
        return true;
    QString literal = host;
    if (literal.startsWith(u'[') && literal.endsWith(u']'))
        literal = literal.mid(1, literal.size() - 2);
    return !QHostAddress(literal).isNull();
}

std::optional<IngressRoutes::Target> IngressRoutes::route(const QString &host) const {
    const auto it = m_routes.constFind(host);
    if (it == m_routes.cend())
        return std::nullopt;
    return *it;
}

} // namespace gw
