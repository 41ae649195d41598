#pragma once

#include "http/httprequesthead.h"
#include "rewrite/responserewriter.h"
#include "session/sessionregistry.h"
#include "upstream/upstreamtarget.h"

#include <QHostAddress>
#include <QString>
#include <QUrl>
#include <optional>

namespace gw {

// An agent's published service (README, "Agents"): with ingress.agentDomain set,
// https://<agent id>.<agentDomain>/... is proxied, without a token and without platform
// rewriting, to the URL the agent published (--publish). Only agents in the
// configuration connect at all, so only they can publish.
class PublishedRoute {
public:
    // The agent id a request's Host names under AGENTDOMAIN, or nullopt.
    static std::optional<QString> agentFor(const pc::HttpHeaders &headers,
                                           const QString &agentDomain);
    // The target the dialer asks the agent for (the agent connects to its own URL).
    static pc::UpstreamTarget target(const QString &agent, const QUrl &published);
    // The request as the service gets it: Host is the service's own, and the client's
    // view travels in X-Forwarded-Host/-Proto/-For.
    static pc::HttpRequestHead rewrite(pc::HttpRequestHead head, const QUrl &published,
                                       const QHostAddress &peer);
    // The response as the client gets it, with the basic rules every BMC gets: Location
    // naming the service points at the public name, cookies are host-only (a service
    // cannot set cookies for the gateway's domain) and may not be the gateway's own.
    static std::optional<pc::ResponseRewriter>
    responseRewriter(const QByteArray &hostHeader, const QUrl &published, const QHostAddress &peer);
    // The accounting session of AGENT's published service (path "agent", one per agent).
    static SessionRegistry::Joining session(const QString &agent, const QUrl &published);
    // Whether TOKEN is such a session's (checked after an apply: the agent must still be
    // configured and agentDomain set).
    static std::optional<QString> agentOfSession(const QString &token);
};

} // namespace gw
