#pragma once

#include "config/gatewayconfig.h"
#include "config/jsonobjectreader.h"

namespace gw {

// The "targets" object: allow (strict CIDRs), verifyTls and pins ("ip" or "ip:port" ->
// SHA-256 fingerprint; kept sorted by target so equal configurations compare equal).
class TargetsSection {
public:
    static void parse(JsonObjectReader &root, GatewayConfig::Targets &targets);

private:
    static void parsePins(JsonObjectReader &reader, GatewayConfig::Targets &targets);
};

} // namespace gw
