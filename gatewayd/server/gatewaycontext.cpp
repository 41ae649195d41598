#include "server/gatewaycontext.h"

namespace gw {

pc::Expected<std::shared_ptr<const GatewayContext>, QString>
GatewayContext::create(const GatewayConfig &config, pc::UpstreamPool *pool,
                       GatewayServices services) {
    auto gate = TokenGate::fromConfig(config);
    if (!gate)
        return pc::unexpected(gate.error());
    return std::shared_ptr<const GatewayContext>(new GatewayContext{
        config, std::move(gate).value(), TargetResolver(TargetPolicy::forThisHost(config.targets)),
        pool, services});
}

} // namespace gw
