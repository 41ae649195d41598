#pragma once

#include "server/gatewayerror.h"
#include "upstream/upstreamtarget.h"

#include <QObject>
#include <QPointer>
#include <QTimer>

class QIODevice;

namespace pc {
class TunnelStream;
} // namespace pc

namespace gw {

class AgentRegistry;

// Opens one BMC connection through the target's agent (docs/agents-protocol.md): a
// CONNECT stream with the target and its TLS policy, answered by the agent once it has
// connected. Emits exactly one of ready() (the stream, now carrying the connection's
// bytes; ownership passes to the receiver) or failed(), from the event loop, then deletes
// itself. The agent not connected: 502 agent_unavailable; refusing the target: 403
// agent_refused; no answer within the deadline: 504 bmc_timeout.
class AgentDialer : public QObject {
    Q_OBJECT
public:
    // A published service (--publish) instead of a BMC: TARGET's agent and nothing else.
    enum class Kind { Bmc, Published };

    static AgentDialer *start(AgentRegistry *agents, const pc::UpstreamTarget &target,
                              int timeoutMs, QObject *parent, Kind kind = Kind::Bmc);
    // Connect to the signals, then begin.
    void begin();
    // Gives up (the stream is reset) and deletes itself later; no signal follows.
    void cancel();

Q_SIGNALS:
    void ready(QIODevice *connection);
    void failed(const gw::GatewayError &error);

private:
    AgentDialer(AgentRegistry *agents, pc::UpstreamTarget target, int timeoutMs, Kind kind,
                QObject *parent);
    void onResponse();
    void fail(GatewayError error);
    void done();
    QString where() const;

    QPointer<AgentRegistry> m_agents;
    pc::UpstreamTarget m_target;
    int m_timeoutMs;
    Kind m_kind;
    QPointer<pc::TunnelStream> m_stream;
    QTimer m_deadline;
    bool m_done = false;
};

} // namespace gw
