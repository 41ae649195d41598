#pragma once

#include "http/httprequesthead.h"
#include "server/gatewayerror.h"
#include "token/gpsessionclaims.h"
#include "util/expected.h"

namespace gw {

// The original pmproxy Worker's request shapes (spec §5) on top of a normal session:
// `X-PM-Host`/`X-PM-Port` headers and `/websocket/{ip}/{port}/{path}?headers=...`.
// The target they name must be the token's own BMC (ip and port); anything else is
// refused, so these shapes never widen what a token may reach.
class CompatRoute {
public:
    struct Extra {
        pc::HttpHeaders headers; // BMC-bound headers carried in the /websocket/ query
    };

    // Removes the compat markers from HEAD (and turns a /websocket/ target into the
    // BMC path); returns the headers to set after rewriting.
    static pc::Expected<Extra, GatewayError> take(pc::HttpRequestHead &head,
                                                  const pc::GpsessionClaims &claims);
    static void applyHeaders(const Extra &extra, pc::HttpRequestHead &bmcRequest);
};

} // namespace gw
