#pragma once

#include "http/httprequesthead.h"
#include "rewrite/rewritecontext.h"
#include "server/gatewayerror.h"
#include "token/gpsessionclaims.h"
#include "util/expected.h"

#include <QHostAddress>

namespace gw {

// The rewriting context of one request: the public side as the browser addressed the
// gateway (its Host header), the BMC of the token, and the token's platform.
class BmcRequest {
public:
    // PUBLIC_SECURE: the user reached us over https (browser mode); the app's loopback
    // proxy, reached over the tunnel, is plain http on its own address.
    static pc::Expected<pc::RewriteContext, GatewayError> context(const pc::HttpRequestHead &client,
                                                                  const pc::GpsessionClaims &claims,
                                                                  const QHostAddress &clientAddress,
                                                                  bool publicSecure = true);

    // The BMC-bound request: hop-by-hop headers removed (an upgrade keeps its pair),
    // pm-session removed, X-Forwarded-* set, and the platform profile applied.
    static pc::HttpRequestHead rewrite(const pc::HttpRequestHead &client,
                                       const pc::RewriteContext &context);
};

} // namespace gw
