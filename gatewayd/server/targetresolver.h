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

private:
    pc::Expected<pc::UpstreamTarget, GatewayError>
    check(const QString &host, quint16 port, const QList<QHostAddress> &addresses) const;

    TargetPolicy m_policy;
};

} // namespace gw
