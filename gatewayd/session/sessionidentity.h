#pragma once

#include "session/sessionpath.h"
#include "session/trafficcounters.h"

#include <QHostAddress>
#include <QString>

namespace gw {

// Who a live session is, taken from its admitted token when its first connection joins.
struct SessionIdentity {
    QString id; // SessionRegistry::sessionIdFor(): never the token itself
    QString sub;
    QString jti;
    QString ip;           // the token's `ip` claim (an address or a host name)
    QHostAddress address; // the checked BMC address the gateway connects to
    quint16 port = 443;
    QString platform;
    SessionPath path = SessionPath::Browser;
    QString agent; // the token's agent claim (path Agent): the agent that reaches the BMC
    QString group; // path Ingress: the node group and the route's host name
    QString host;
};

// Why the gateway ends a live session's connections (WebSocket close reasons, tunnel
// errors and logs say it).
enum class SessionEnd {
    Ended,      // DELETE /api/v1/sessions/{id}
    NotAllowed, // an applied configuration no longer allows it
    Expired,    // its token's exp plus auth.leewaySeconds passed
};
QString sessionEndReason(SessionEnd end);

// A live session as GET /api/v1/sessions shows it.
struct SessionInfo {
    SessionIdentity identity;
    qint64 started = 0; // UNIX seconds
    int connections = 0;
    TrafficCounters traffic; // since it started
};

// What a session moved since the previous sample: one traffic record.
struct SessionUsage {
    SessionIdentity identity;
    qint64 time = 0; // UNIX seconds, when sampled
    TrafficCounters delta;
};

} // namespace gw
