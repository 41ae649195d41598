#pragma once

#include "http/httprequesthead.h"
#include "rewrite/responserewriter.h"
#include "rewrite/rewritecontext.h"
#include "server/gatewaycontext.h"
#include "server/gatewayerror.h"
#include "session/sessionregistry.h"
#include "token/gpsessionclaims.h"
#include "upstream/upstreamtarget.h"
#include "util/expected.h"

#include <QHostAddress>
#include <functional>
#include <memory>
#include <optional>

class QObject;

namespace gw {

class SessionMembership;

// One request's way from its token to a BMC exchange, the same steps in the same order
// for browser mode and for the app's tunnel streams, so a fix lands once
// (docs/architecture.md): token gate -> the path's own checks -> rewriting context ->
// target resolution and policy -> session -> the BMC-bound head.
class Admission {
public:
    struct Request {
        pc::HttpRequestHead head; // as the client sent it (framing set)
        QString token;
        SessionPath path = SessionPath::Browser;
        QHostAddress peer;
        bool publicSecure = true; // see BmcRequest::context()
        // Browser mode's own checks once the token is valid (session origin, worker-compat
        // routes); may rewrite the head. Unset: none.
        std::function<std::optional<GatewayError>(pc::HttpRequestHead &,
                                                  const pc::GpsessionClaims &)>
            check;
    };
    struct Admitted {
        pc::HttpRequestHead bmcHead; // rewritten for the BMC
        pc::UpstreamTarget target;   // resolved and checked against the policy
        pc::RewriteContext rewrite;
        pc::GpsessionClaims claims;
        pc::ResponseRewriter responseRewriter() const;
        bool webSocket = false; // the client asked for a WebSocket upgrade
    };
    struct Refusal {
        GatewayError error;
        bool token = false; // the token or its session was refused (counted in metrics)
    };
    using Done = std::function<void(pc::Expected<Admitted, Refusal>)>;

    // Runs the steps for REQUEST; DONE is called exactly once (maybe before run()
    // returns), unless CONTEXT is destroyed first. MEMBERSHIP joins the session and must
    // outlive CONTEXT's callbacks (it is the owner's member).
    static void run(std::shared_ptr<const GatewayContext> gateway, SessionMembership &membership,
                    Request request, QObject *context, Done done);

    // Step 4 alone: the BMC target of CLAIMS. A token naming an agent is served only
    // through that agent, never from this gateway's own networks: the agent must be in
    // the configuration and connected (else 502 agent_unavailable). Otherwise the
    // resolver checks the address against targets.allow. DONE as TargetResolver's.
    static void resolveTarget(const GatewayContext &gateway, const pc::GpsessionClaims &claims,
                              QObject *context, TargetResolver::Callback done);
};

} // namespace gw
