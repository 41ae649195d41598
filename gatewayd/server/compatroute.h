#pragma once

#include "http/httprequesthead.h"
#include "server/gatewayerror.h"
#include "token/gpsessionclaims.h"
#include "util/expected.h"

#include <variant>

namespace gw {

// The original pmproxy Worker's request shapes (spec §5) on top of a normal session:
// `X-PM-Host`/`X-PM-Port` headers and `/websocket/{ip}/{port}/{path}?headers=...`.
// The target they name must be the token's own BMC (ip and port); anything else is
// refused, so these shapes never widen what a token may reach.
class CompatRoute {
public:
    // Removes the compat markers from HEAD; a /websocket/ target becomes the BMC path and
    // its query's headers are set on HEAD, all before the rewriting.
    static pc::Expected<std::monostate, GatewayError> take(pc::HttpRequestHead &head,
                                                           const pc::GpsessionClaims &claims);
};

} // namespace gw
