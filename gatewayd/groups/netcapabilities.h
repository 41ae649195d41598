#pragma once

#include <QString>

namespace gw {

// Whether this process may run node groups: CAP_NET_ADMIN (interfaces, addresses,
// WireGuard) and CAP_SYS_ADMIN (creating network namespaces and entering them for a
// socket), read with capget(2) from the effective set.
class NetCapabilities {
public:
    // Empty when both are there; otherwise the missing ones, "CAP_NET_ADMIN, CAP_SYS_ADMIN".
    static QString missing();
};

} // namespace gw
