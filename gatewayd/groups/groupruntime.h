#pragma once

#include "config/gatewayconfig.h"
#include "groups/wireguardlink.h"
#include "util/expected.h"

#include <QString>
#include <QStringList>
#include <memory>

namespace gw {

// One running node group (README, "Node groups"): its network namespace, named after
// the group, holding its WireGuard interface "wg-<name>" with the group's address, key,
// port and peers, and a route per peer network. Made by create(), changed in place by
// update(), and removed by the destructor: the TCP connections inside the namespace are
// ended, then the interface and the namespace removed.
class GroupRuntime {
public:
    // All or nothing: on failure whatever was made is removed again.
    static pc::Expected<std::unique_ptr<GroupRuntime>, QString>
    create(const GatewayConfig::Group &group);
    ~GroupRuntime();
    GroupRuntime(const GroupRuntime &) = delete;
    GroupRuntime &operator=(const GroupRuntime &) = delete;

    // Brings the running group to GROUP (same name): key and port, peers added, removed
    // or changed, address. On failure the group may be half-way: the caller updates it
    // back to config().
    pc::Expected<std::monostate, QString> update(const GatewayConfig::Group &group);

    const GatewayConfig::Group &config() const { return m_config; }
    QString netns() const { return m_config.name; }
    QString interfaceName() const;
    const WireGuardLink &link() const { return *m_link; }

    // Whether /run/netns/NAME exists.
    static bool namespaceExists(const QString &name);
    // Removes namespace NAME, interface wg-NAME and its control socket when they are
    // gatewayd's (GroupOwnership): leftovers of a gatewayd that did not exit cleanly.
    // Anything else of those names is left alone.
    static void removeLeftovers(const QString &name);

private:
    explicit GroupRuntime(GatewayConfig::Group group);
    pc::Expected<std::monostate, QString> build();
    pc::Expected<std::monostate, QString> setKeyAndPort(const QString &netns);
    pc::Expected<std::monostate, QString> addPeer(const GatewayConfig::GroupPeer &peer,
                                                  const QString &netns);
    pc::Expected<std::monostate, QString> removePeer(const GatewayConfig::GroupPeer &peer);
    pc::Expected<std::monostate, QString> setAddress();
    pc::Expected<QByteArray, QString> ipInside(const QStringList &args);

    GatewayConfig::Group m_config;
    std::unique_ptr<WireGuardLink> m_link;
    bool m_namespaceMade = false;
};

} // namespace gw
