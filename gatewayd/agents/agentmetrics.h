#pragma once

#include <QByteArray>

namespace gw {

class AgentService;

// The agents' part of GET /metrics (README, "Agents"):
//   gatewayd_agents_connected                        gauge, agent connections
//   gatewayd_agent_streams                           gauge, BMC connections in flight
//   gatewayd_agent_bytes_total{agent,direction}      counter, per agent id (up: toward
//                                                    the BMC), across reconnections
//   gatewayd_agent_refusals_total{reason}            counter, refused agent connections
QByteArray renderAgentMetrics(const AgentService &agents);

} // namespace gw
