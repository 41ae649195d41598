#pragma once

#include <QByteArray>
#include <QString>

namespace pc {
class TunnelStream;
}

namespace gw {

// Why the agent does not connect a stream (docs/agents-protocol.md, "Response"): the
// status and the Pm-Error / Pm-Detail headers of its answer.
struct AgentRefusal {
    int status = 400;
    QByteArray error; // bad_request, agent_refused, bmc_unreachable, ...
    QString detail;

    static AgentRefusal badRequest(const QString &detail) { return {400, "bad_request", detail}; }

    // Answers STREAM with this refusal and ends it (what the gateway still sends is
    // discarded).
    void answer(pc::TunnelStream *stream) const;
};

} // namespace gw
