#pragma once

#include "config/gatewayconfig.h"
#include "ingress/ingressroutes.h"
#include "ingress/nodesocketfactory.h"
#include "server/targetresolver.h"
#include "server/tokengate.h"
#include "upstream/upstreampool.h"

#include <QByteArray>
#include <QHash>
#include <memory>

namespace gw {

class AgentRegistry;
class AgentService;
class GatewayMetrics;
class IngressStats;
class SessionRegistry;
class TunnelService;

// Long-lived services a configuration change does not replace (owned elsewhere; either
// may be null, e.g. in tests that run a bare server).
struct GatewayServices {
    SessionRegistry *sessions = nullptr;
    GatewayMetrics *metrics = nullptr;
    TunnelService *tunnels = nullptr; // the app's tunnel endpoint (owned by the server)
    AgentService *agents = nullptr;   // the agents' endpoint (owned by the server)
    IngressStats *ingress = nullptr;  // node groups' ingress figures (owned by the server)
    // Where connections to a group's nodes start (its network namespace); empty: the
    // gateway's own namespace (currentNamespaceSockets()).
    NodeSocketFactory nodeSockets;
};

// What every client connection of one configuration shares. A new configuration
// builds a new context; connections keep the one they started with.
struct GatewayContext {
    GatewayConfig config;
    TokenGate gate;
    TargetResolver resolver;
    pc::UpstreamPool *pool = nullptr; // owned by the server
    GatewayServices services;
    QHash<QString, QByteArray> agentSecrets;     // agents[]: id -> secret (read at create())
    std::shared_ptr<const IngressRoutes> routes; // groups[].routes[] and the own names

    // Where streams toward agents are opened; null without the agents' endpoint.
    AgentRegistry *agentRegistry() const;

    static pc::Expected<std::shared_ptr<const GatewayContext>, QString>
    create(const GatewayConfig &config, pc::UpstreamPool *pool, GatewayServices services = {});
};

} // namespace gw
