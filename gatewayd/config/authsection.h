#pragma once

#include "config/configfiles.h"
#include "config/gatewayconfig.h"
#include "config/jsonobjectreader.h"

namespace gw {

// The "auth" object: keys (unique kids, supported algorithms, exactly one key file of
// the kind the algorithm needs), leewaySeconds, requireUpstreamMatch, revokedJti.
class AuthSection {
public:
    static void parse(JsonObjectReader &root, const ConfigFiles &files, GatewayConfig::Auth &auth);

private:
    static void parseKey(JsonObjectReader &key, const ConfigFiles &files,
                         GatewayConfig::Auth &auth);
};

} // namespace gw
