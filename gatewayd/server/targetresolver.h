#pragma once

#include "config/targetpolicy.h"
#include "server/gatewayerror.h"
#include "upstream/upstreamtarget.h"

#include <QObject>
#include <functional>

namespace gw {

// Turns a token's `ip`/`port` into a checked BMC target. An IP literal is checked at
// once; a host name is resolved and *every* address it resolves to must lie inside
// targets.allow (otherwise DNS could steer us into the gateway's own networks). The
// checked address is used for the connection: the name is never resolved again.
class TargetResolver {
public:
    using Callback = std::function<void(pc::Expected<pc::UpstreamTarget, GatewayError>)>;

    explicit TargetResolver(TargetPolicy policy);

    // Calls DONE exactly once, possibly before returning; CONTEXT bounds its lifetime.
    void resolve(const QString &host, quint16 port, QObject *context, Callback done) const;
    // A BMC reached through agent AGENT: not resolved nor checked here (the agent resolves
    // the name and checks every address against its own --allow), never connected from
    // this host; the TLS policy is this gateway's for that address.
    pc::UpstreamTarget forAgent(const QString &host, quint16 port, const QString &agent) const;

private:
    pc::Expected<pc::UpstreamTarget, GatewayError>
    check(const QString &host, quint16 port, const QList<QHostAddress> &addresses) const;
    pc::UpstreamTls tlsFor(const QHostAddress &address, quint16 port) const;

    TargetPolicy m_policy;
};

} // namespace gw
