#pragma once

#include "agent/agentrefusal.h"
#include "upstream/upstreamtarget.h"
#include "util/expected.h"

#include <QString>

namespace pc {
struct HttpRequestHead;
}

namespace gw {

struct AgentOptions;

// What a stream the gateway opened asks for (docs/agents-protocol.md, "Streams"):
// CONNECT to HOST:PORT (or to the published service) with a TLS policy and a deadline.
struct AgentConnectRequest {
    static constexpr int kDefaultTimeoutMs = 10000;
    // The agent answers this much before the gateway's deadline, so that its own reason
    // arrives first.
    static constexpr int kMarginMs = 300;

    QString host; // an IP literal or a name
    quint16 port = 0;
    pc::UpstreamTls tls;
    bool plain = false;                // no TLS (tls ignored)
    int timeoutMs = kDefaultTimeoutMs; // the agent's own deadline, margin taken off
    bool published = false;            // the --publish service: not subject to --allow

    static pc::Expected<AgentConnectRequest, AgentRefusal> parse(const pc::HttpRequestHead &head,
                                                                 const AgentOptions &options);
};

} // namespace gw
