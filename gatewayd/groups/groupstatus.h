#pragma once

#include "groups/wireguarddump.h"

#include <QByteArray>
#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <optional>

namespace gw {

class GroupRuntime;

// One group's state for GET /api/v1/groups and /metrics (README, "Node groups"), read
// from the system: the namespace, the interface's flags (ip link) and WireGuard's view of
// the peers (wg show dump), at most every few seconds, never per connection.
struct GroupStatus {
    QString name;
    QString netns;
    bool namespacePresent = false;
    QString interfaceName;
    QString implementation; // "kernel" or "wireguard-go"
    bool interfaceUp = false;
    QString address;
    std::optional<WireGuardDump> wireguard; // none: wg could not be asked
    QString problem;                        // why, when something is missing
    QDateTime readAt;

    static GroupStatus read(const GroupRuntime &group);
    // ROUTES' entries come from the configuration; the connection counts of each route
    // are filled in by the caller (ingress) under "connections".
    QJsonObject toJson(const QJsonArray &routes) const;
    // gatewayd_group_peer_handshake_age_seconds{group,peer} lines.
    void renderMetrics(QByteArray &out) const;
};

} // namespace gw
