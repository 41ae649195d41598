#pragma once

#include "config/gatewayconfig.h"
#include "server/targetresolver.h"
#include "server/tokengate.h"
#include "upstream/upstreampool.h"

#include <memory>

namespace gw {

// What every client connection of one configuration shares. A new configuration
// builds a new context; connections keep the one they started with.
struct GatewayContext {
    GatewayConfig config;
    TokenGate gate;
    TargetResolver resolver;
    pc::UpstreamPool *pool = nullptr; // owned by the server

    static pc::Expected<std::shared_ptr<const GatewayContext>, QString>
    create(const GatewayConfig &config, pc::UpstreamPool *pool);
};

} // namespace gw
