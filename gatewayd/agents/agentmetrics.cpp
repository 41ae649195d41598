#include "agents/agentmetrics.h"

#include "agents/agentregistry.h"
#include "agents/agentservice.h"
#include "metrics/gatewaymetrics.h"

#include <QMap>

namespace gw {

QByteArray renderAgentMetrics(const AgentService &agents) {
    QByteArray out;
    const AgentRegistry &registry = *agents.registry();
    GatewayMetrics::family(out, "gatewayd_agents_connected", "gauge",
                           "Agent connections (an agent may hold several).");
    out += "gatewayd_agents_connected " + QByteArray::number(registry.linkCount()) + '\n';
    GatewayMetrics::family(out, "gatewayd_agent_streams", "gauge",
                           "BMC connections through agents in flight (open streams).");
    out += "gatewayd_agent_streams " + QByteArray::number(registry.streamCount()) + '\n';
    GatewayMetrics::family(out, "gatewayd_agent_bytes_total", "counter",
                           "Bytes through each agent (up: toward the BMC, down: toward the user).");
    QMap<QString, AgentRegistry::Totals> sorted; // stable order
    const auto totals = registry.totals();
    for (auto it = totals.begin(); it != totals.end(); ++it)
        sorted.insert(it.key(), it.value());
    for (auto it = sorted.begin(); it != sorted.end(); ++it) {
        const QByteArray agent = GatewayMetrics::labelValue(it.key());
        out += "gatewayd_agent_bytes_total{agent=" + agent + ",direction=\"up\"} " +
               QByteArray::number(it.value().up) + '\n';
        out += "gatewayd_agent_bytes_total{agent=" + agent + ",direction=\"down\"} " +
               QByteArray::number(it.value().down) + '\n';
    }
    GatewayMetrics::family(out, "gatewayd_agent_refusals_total", "counter",
                           "Refused agent connections by reason.");
    QMap<QString, quint64> refusals;
    for (auto it = agents.refusals().begin(); it != agents.refusals().end(); ++it)
        refusals.insert(it.key(), it.value());
    for (auto it = refusals.begin(); it != refusals.end(); ++it)
        out += "gatewayd_agent_refusals_total{reason=" + GatewayMetrics::labelValue(it.key()) +
               "} " + QByteArray::number(it.value()) + '\n';
    return out;
}

} // namespace gw
