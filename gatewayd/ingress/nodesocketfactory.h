#pragma once

#include <QString>
#include <functional>

namespace gw {

// Makes the TCP socket a connection to a node of group GROUP starts from: a new
// non-blocking socket of address family FAMILY (AF_INET, AF_INET6) created inside the
// group's network namespace, so that the node's address is reached through the group's
// WireGuard interface. -1 and *ERROR on failure. The daemon's factory is
// GroupSockets::openTcpSocket; tests give one that stays in the current namespace.
using NodeSocketFactory = std::function<int(const QString &group, int family, QString *error)>;

// A factory that ignores the group: a socket in the gateway's own namespace (tests, and
// builds without node groups).
NodeSocketFactory currentNamespaceSockets();

} // namespace gw
