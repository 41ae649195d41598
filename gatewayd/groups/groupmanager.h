#pragma once

#include "config/gatewayconfig.h"
#include "groups/groupruntime.h"
#include "groups/groupstatus.h"
#include "util/expected.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QObject>
#include <functional>
#include <map>
#include <memory>

namespace gw {

// The running node groups (README, "Node groups"). apply() makes them what a
// configuration says: new groups made, changed ones updated in place, removed ones
// removed, all or nothing (a failure undoes what the apply did and leaves the running
// groups as they were). gatewayd removes its groups when it exits (the destructor), and
// on start recreates those its configuration names, replacing leftovers of a gatewayd
// that was killed; namespaces that no configuration names are never touched.
class GroupManager : public QObject {
    Q_OBJECT
public:
    explicit GroupManager(QObject *parent = nullptr);
    ~GroupManager() override;

    // Startup: leftovers named by GROUPS are removed, then apply(GROUPS).
    pc::Expected<std::monostate, QString> start(const QList<GatewayConfig::Group> &groups);
    // What apply() would refuse, changing nothing: missing capabilities, no WireGuard, a
    // namespace of a new group's name that gatewayd did not make, a UDP port in use.
    pc::Expected<std::monostate, QString> check(const QList<GatewayConfig::Group> &groups) const;
    pc::Expected<std::monostate, QString> apply(const QList<GatewayConfig::Group> &groups);

    // The configurations of the running groups, in name order.
    QList<GatewayConfig::Group> running() const;
    bool isRunning(const QString &name) const { return m_groups.count(name) != 0; }

    // GET /api/v1/groups: each running group's state, read at most every few seconds,
    // and the groups of CONFIGURED that do not run ("running": false, with the problem).
    QJsonArray statusJson(const QList<GatewayConfig::Group> &configured);
    QByteArray renderMetrics();
    // Adds to each route's JSON what the ingress knows (its live connection count, as
    // "connections"); unset: routes as configured.
    void setRouteDecorator(std::function<void(const QString &group, QJsonObject &route)> d) {
        m_decorateRoute = std::move(d);
    }

Q_SIGNALS:
    // GROUP's namespace and interface are gone: connections through it should end.
    void groupRemoved(const QString &group);

private:
    void refreshStatus();

    std::map<QString, std::unique_ptr<GroupRuntime>> m_groups;
    std::map<QString, GroupStatus> m_status;
    QElapsedTimer m_statusAge;
    QString m_startProblem; // why start() left the configured groups not running
    std::function<void(const QString &, QJsonObject &)> m_decorateRoute;
};

} // namespace gw
