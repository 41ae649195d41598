#pragma once

#include "config/configfiles.h"
#include "config/gatewayconfig.h"
#include "config/jsonobjectreader.h"

#include <QString>

namespace gw {

// The "groups" array (README, "Node groups"): each group's name, WireGuard interface
// (private key file, listen port, address, peers) and routes. Runs after name, browser
// and ingress are parsed: route hosts must stay apart from the gateway's own names.
class GroupsSection {
public:
    // Group names are network namespace names and make the WireGuard interface name
    // "wg-<name>", which must fit IFNAMSIZ (15 characters).
    static constexpr int MaxNameLength = 12;

    static void parse(JsonObjectReader &root, const ConfigFiles &files, GatewayConfig &config);

    // "wg-<name>": the interface's name, in the group's namespace and for wireguard-go's
    // control socket (which is not per namespace, hence the group name in it).
    static QString interfaceName(const QString &groupName);

private:
    static void parseGroup(JsonObjectReader &group, const ConfigFiles &files,
                           GatewayConfig &config);
    static void parseWireGuard(JsonObjectReader &group, const ConfigFiles &files,
                               const GatewayConfig &config, GatewayConfig::Group &result);
    static void parsePeer(JsonObjectReader &peer, GatewayConfig::Group &result);
    static void parseRoute(JsonObjectReader &route, const GatewayConfig &config,
                           GatewayConfig::Group &result);
};

} // namespace gw
