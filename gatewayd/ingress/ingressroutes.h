#pragma once

#include "config/gatewayconfig.h"

#include <QHash>
#include <QString>
#include <optional>

namespace gw {

// Where a host name from the internet goes (README, "Node groups: ingress"): one of the
// gateway's own names (terminated by the gateway as always), a node group's route, or
// nowhere. Built from one configuration; lookups are by exact host name.
class IngressRoutes {
public:
    struct Target {
        QString group;
        GatewayConfig::GroupRoute route;
    };

    explicit IngressRoutes(const GatewayConfig &config);

    // Whether HOST (lower case, no trailing dot) is the gateway's own: `name`,
    // browser.sessionDomain or ingress.agentDomain, or a name below either domain. An IP
    // literal counts as own too (no route is ever named by an address).
    bool isOwnName(const QString &host) const;
    // The route of HOST, if any group has one.
    std::optional<Target> route(const QString &host) const;
    bool isEmpty() const { return m_routes.isEmpty(); }

private:
    QString m_name;
    QString m_sessionDomain;
    QString m_agentDomain;
    QHash<QString, Target> m_routes;
};

} // namespace gw
