#include "server/admission.h"

#include "agents/agentregistry.h"
#include "metrics/gatewaymetrics.h"
#include "rewrite/platformprofile.h"
#include "server/bmcrequest.h"
#include "session/sessionmembership.h"

using namespace Qt::StringLiterals;

namespace gw {

pc::ResponseRewriter Admission::Admitted::responseRewriter() const {
    return pc::ResponseRewriter(rewrite, pc::PlatformProfile::forPlatform(rewrite.platform));
}

void Admission::run(std::shared_ptr<const GatewayContext> gateway, SessionMembership &membership,
                    Request request, QObject *context, Done done) {
    auto refuse = [metrics = gateway->services.metrics, done](GatewayError error, bool token) {
        if (token && metrics)
            metrics->tokenRefused(error.error);
        done(pc::unexpected(Refusal{std::move(error), token}));
    };
    auto claims = gateway->gate.admit(request.token);
    if (!claims)
        return refuse(claims.error(), true);
    if (request.check) {
        if (auto error = request.check(request.head, *claims))
            return refuse(*error, false);
    }
    auto rewrite = BmcRequest::context(request.head, *claims, request.peer, request.publicSecure);
    if (!rewrite)
        return refuse(rewrite.error(), false);
    const pc::GpsessionClaims c = *claims;
    const GatewayContext &g = *gateway;
    resolveTarget(
        g, c, context,
        [gateway = std::move(gateway), &membership, request = std::move(request), c, ctx = *rewrite,
         refuse, done](pc::Expected<pc::UpstreamTarget, GatewayError> target) {
            if (!target)
                return refuse(target.error(), false);
            // Through an agent the session's path is "agent" (and its address none: the
            // gateway's targets.allow does not apply to what it never connects to).
            const SessionPath path = c.agent.isEmpty() ? request.path : SessionPath::Agent;
            if (auto joined = membership.enter({request.token, c, path, target->address, {}, {}});
                !joined)
                return refuse(joined.error(), true);
            done(Admitted{BmcRequest::rewrite(request.head, ctx), *target, ctx, c,
                          request.head.isWebSocketUpgrade()});
        });
}

void Admission::resolveTarget(const GatewayContext &gateway, const pc::GpsessionClaims &c,
                              QObject *context, TargetResolver::Callback done) {
    if (c.agent.isEmpty()) {
        gateway.resolver.resolve(c.ip, c.port, context, std::move(done));
        return;
    }
    const QString agent = c.agent.left(64);
    if (!gateway.agentSecrets.contains(c.agent)) {
        done(pc::unexpected(GatewayError{
            502, u"agent_unavailable"_s,
            u"the BMC is reached through agent %1, which this gateway does not know"_s.arg(
                agent)}));
        return;
    }
    const AgentRegistry *agents = gateway.agentRegistry();
    if (!agents || !agents->isConnected(c.agent)) {
        done(pc::unexpected(GatewayError{
            502, u"agent_unavailable"_s,
            u"the BMC is reached through agent %1, which is not connected"_s.arg(agent)}));
        return;
    }
    done(gateway.resolver.forAgent(c.ip, c.port, c.agent));
}

} // namespace gw
