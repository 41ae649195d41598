#pragma once

#include "config/gatewayconfig.h"
#include "session/sessionregistry.h"

#include <QPair>
#include <QString>
#include <optional>

namespace gw {

// The accounting session of a node group's route (README, "Node groups: ingress"): one
// per (group, host), path "ingress", whatever door the traffic came by (TLS passthrough,
// HTTP by Host), so that its records carry the group and the host.
class IngressSession {
public:
    // How a connection of route ROUTE in GROUP, going to TARGET, joins the registry.
    static SessionRegistry::Joining
    joining(const QString &group, const GatewayConfig::GroupRoute &route, const HostPort &target);
    // The (group, host) of such a session's pseudo-token, or nullopt for a real token
    // (checked after an apply: the route must still exist in that group).
    static std::optional<QPair<QString, QString>> routeOfSession(const QString &token);
};

} // namespace gw
