#pragma once

#include "http/httprequesthead.h"
#include "server/gatewayerror.h"
#include "util/expected.h"

#include <QString>

namespace gw {

// What the node of a route gets of a client's request on listen.http (README, "Node
// groups: ingress"), so that it sees only what the gateway routed:
// - check(): CONNECT is refused (405); an absolute-form target (`GET http://a/x`) is
//   routed by its authority, which must be the Host field's (else 400), and becomes
//   origin-form (`/x`); any other target that is not origin-form (or `OPTIONS *`): 400.
//   Returns the host name to route by.
// - clean(): the hop-by-hop fields and every field the Connection field names are
//   removed (RFC 9110 §7.6.1), except the Connection/Upgrade pair of a WebSocket
//   upgrade, the only upgrade relayed; Forwarded, X-Real-IP and X-Forwarded-* the client
//   sent are removed, and X-Forwarded-For/-Proto/-Host set by the gateway.
class IngressRequestForm {
public:
    static pc::Expected<QString, GatewayError> check(pc::HttpRequestHead &head);
    static void clean(pc::HttpRequestHead &head, const QByteArray &peerAddress);
};

} // namespace gw
