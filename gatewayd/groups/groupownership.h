#pragma once

#include "util/expected.h"

#include <QString>

namespace gw {

// What of a node group's names on the host is gatewayd's (README, "Node groups"): only
// that is ever removed. A namespace is gatewayd's when the marker file
// /run/gatewayd/groups/<name>, written right after gatewayd made it, holds the namespace's
// inode and that inode's time (a namespace of the same name made by anyone else has
// others). An interface
// wg-<name> in the host's namespace is gatewayd's when its ifalias is the one gatewayd
// gives the interfaces it makes.
class GroupOwnership {
public:
    // Records that gatewayd has just made namespace NAME.
    static pc::Expected<std::monostate, QString> recordNamespace(const QString &name);
    static void forgetNamespace(const QString &name);
    static bool ownsNamespace(const QString &name);

    // The ifalias gatewayd gives the WireGuard interfaces it makes.
    static QString interfaceAlias();
    // Whether a network interface IFNAME exists in gatewayd's (the host's) namespace.
    static bool hostInterfaceExists(const QString &ifname);
    static bool ownsHostInterface(const QString &ifname);
};

} // namespace gw
