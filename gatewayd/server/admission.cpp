#include "server/admission.h"

#include "metrics/gatewaymetrics.h"
#include "rewrite/platformprofile.h"
#include "server/bmcrequest.h"
#include "session/sessionmembership.h"

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
    const TargetResolver &resolver = gateway->resolver;
    resolver.resolve(
        c.ip, c.port, context,
        [gateway = std::move(gateway), &membership, request = std::move(request), c, ctx = *rewrite,
         refuse, done](pc::Expected<pc::UpstreamTarget, GatewayError> target) {
            if (!target)
                return refuse(target.error(), false);
            if (auto joined = membership.enter({request.token, c, request.path, target->address});
                !joined)
                return refuse(joined.error(), true);
            done(Admitted{BmcRequest::rewrite(request.head, ctx), *target, ctx, c,
                          request.head.isWebSocketUpgrade()});
        });
}

} // namespace gw
