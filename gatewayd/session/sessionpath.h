#pragma once

#include <QString>
#include <optional>

namespace gw {

// How a session reaches the gateway (PRODUCT.md §5, stable names in traffic records):
// a plain browser on the public listener, the app's tunnel, or an agent's stream.
enum class SessionPath { Browser, Tunnel, Agent };

// "browser", "tunnel", "agent".
QString sessionPathName(SessionPath path);
std::optional<SessionPath> sessionPathFromName(const QString &name);

} // namespace gw
