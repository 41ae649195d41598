#pragma once

#include <QString>
#include <optional>

namespace gw {

// How a session reaches the gateway (PRODUCT.md §5, stable names in traffic records):
// a plain browser on the public listener, the app's tunnel, an agent's stream, or
// traffic from the internet to a node group's route (ingress).
enum class SessionPath { Browser, Tunnel, Agent, Ingress };

// "browser", "tunnel", "agent", "ingress".
QString sessionPathName(SessionPath path);
std::optional<SessionPath> sessionPathFromName(const QString &name);

} // namespace gw
