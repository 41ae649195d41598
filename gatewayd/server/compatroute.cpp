#include "server/compatroute.h"

#include "rewrite/workercompat.h"
#include "token/hostport.h"

using namespace Qt::StringLiterals;

namespace gw {

namespace {

GatewayError badRequest(const pc::RewriteError &e) {
    return GatewayError{400, u"bad_request"_s, e.detail};
}

bool isTokenTarget(const pc::WorkerCompat::Target &target, const pc::GpsessionClaims &claims) {
    return pc::HostPort::sameHost(target.host, claims.ip) && target.port == claims.port;
}

GatewayError mismatch(const pc::WorkerCompat::Target &target) {
    return GatewayError{
        403, u"target_mismatch"_s,
        u"the request names the BMC %1:%2, which is not the token's BMC"_s.arg(target.host.left(64))
            .arg(target.port)};
}

} // namespace

pc::Expected<std::monostate, GatewayError> CompatRoute::take(pc::HttpRequestHead &head,
                                                             const pc::GpsessionClaims &claims) {
    auto headerTarget = pc::WorkerCompat::takeHeaderTarget(head.headers);
    if (!headerTarget)
        return pc::unexpected(badRequest(headerTarget.error()));
    if (*headerTarget && !isTokenTarget(**headerTarget, claims))
        return pc::unexpected(mismatch(**headerTarget));

    if (pc::WorkerCompat::isWebSocketTarget(head.target)) {
        auto ws = pc::WorkerCompat::parseWebSocket(head.target);
        if (!ws)
            return pc::unexpected(badRequest(ws.error()));
        if (!isTokenTarget(ws->target, claims))
            return pc::unexpected(mismatch(ws->target));
        // Before the rewriting (WorkerCompat's contract): what the query's JSON names
        // cannot override what the gateway and the platform profile set.
        pc::WorkerCompat::apply(*ws, head);
    }
    return std::monostate{};
}

} // namespace gw
