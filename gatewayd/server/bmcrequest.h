#pragma once

#include "http/httprequesthead.h"
#include "token/gpsessionclaims.h"
#include "upstream/upstreamtarget.h"

#include <QHostAddress>

namespace gw {

// Builds the BMC-bound request from a client's request: hop-by-hop headers removed
// (an upgrade keeps its Upgrade/Connection pair), the gateway's session cookie
// removed, X-Forwarded-* set, and the platform profile's rewriting applied.
class BmcRequest {
public:
    static pc::HttpRequestHead fromClient(const pc::HttpRequestHead &client,
                                          const pc::GpsessionClaims &claims,
                                          const pc::UpstreamTarget &target,
                                          const QHostAddress &clientAddress,
                                          const QByteArray &publicHost);
};

} // namespace gw
