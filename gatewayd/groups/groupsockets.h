#pragma once

#include <QString>

namespace gw {

// Sockets inside a node group's network namespace (README, "Node groups"): a connection
// to a node leaves from the group's namespace, through its WireGuard interface, never
// through the host's routing table.
class GroupSockets {
public:
    // A new non-blocking, close-on-exec TCP socket of FAMILY (AF_INET or AF_INET6) made in
    // the namespace of group GROUPNAME; connect it as usual. -1 with ERROR set when the
    // group has no namespace or the socket cannot be made. Thread-safe; the calling
    // thread enters the group's namespace for the socket() call only and is back in its
    // own when this returns.
    static int openTcpSocket(const QString &groupName, int family, QString *error);
};

} // namespace gw
