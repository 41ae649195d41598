#include "groups/groupmanager.h"

#include "config/groupssection.h"
#include "groups/groupownership.h"
#include "groups/groupslog.h"
#include "groups/netcapabilities.h"
#include "groups/systemcommand.h"
#include "metrics/gatewaymetrics.h"

#include <QFileInfo>
#include <QUdpSocket>
#include <algorithm>

using namespace Qt::StringLiterals;

namespace gw {

namespace {

constexpr qint64 StatusMaxAgeMs = 3000;

using Group = GatewayConfig::Group;
using Result = pc::Expected<std::monostate, QString>;

bool udpPortFree(int port) {
    QUdpSocket probe;
    return probe.bind(QHostAddress::AnyIPv4, quint16(port));
}

} // namespace

GroupManager::GroupManager(QObject *parent)
    : QObject(parent) {}

GroupManager::~GroupManager() {
    m_groups.clear(); // each removes its interface and namespace
}

Result GroupManager::start(const QList<Group> &groups) {
    m_startProblem.clear();
    if (groups.isEmpty())
        return std::monostate();
    if (const QString missing = NetCapabilities::missing(); !missing.isEmpty()) {
        m_startProblem =
            u"not started: node groups need "_s + missing + u", which gatewayd does not have"_s;
        return pc::unexpected(m_startProblem);
    }
    for (const Group &group : groups) {
        if (!isRunning(group.name))
            GroupRuntime::removeLeftovers(group.name);
    }
    auto started = apply(groups);
    if (!started)
        m_startProblem = u"not started: "_s + started.error();
    return started;
}

Result GroupManager::check(const QList<Group> &groups) const {
    if (groups.isEmpty())
        return std::monostate();
    if (const QString missing = NetCapabilities::missing(); !missing.isEmpty())
        return pc::unexpected(u"groups: node groups need "_s + missing +
                              u", which gatewayd does not have (run it as root or with "
                              u"AmbientCapabilities=CAP_NET_ADMIN CAP_SYS_ADMIN)"_s);
    for (const QString &tool : {u"ip"_s, u"wg"_s}) {
        if (SystemCommand::locate(tool).isEmpty())
            return pc::unexpected(u"groups: "_s + tool + u" is not installed (Debian: "_s +
                                  (tool == u"ip"_s ? u"iproute2"_s : u"wireguard-tools"_s) +
                                  u")"_s);
    }
    QList<int> runningPorts;
    for (const auto &[name, runtime] : m_groups)
        runningPorts << runtime->config().listenPort;
    for (const Group &group : groups) {
        if (isRunning(group.name))
            continue;
        // Leftovers of gatewayd's own are removed when the group is made; anything else
        // of the group's names is someone else's (README, "Node groups").
        const QString ifname = GroupsSection::interfaceName(group.name);
        const bool oursLeft = GroupOwnership::ownsNamespace(group.name);
        if (GroupRuntime::namespaceExists(group.name) && !oursLeft)
            return pc::unexpected(u"groups: a network namespace \""_s + group.name +
                                  u"\" exists already and is not one of gatewayd's groups; "
                                  u"remove it (ip netns del) or name the group otherwise"_s);
        if (GroupOwnership::hostInterfaceExists(ifname) &&
            !GroupOwnership::ownsHostInterface(ifname))
            return pc::unexpected(u"groups: group \""_s + group.name +
                                  u"\": a network interface \""_s + ifname +
                                  u"\" exists already and is not gatewayd's; "
                                  u"name the group otherwise"_s);
        if (QFileInfo::exists(WireGuardLink::controlSocket(ifname)) && !oursLeft)
            return pc::unexpected(u"groups: group \""_s + group.name + u"\": "_s +
                                  WireGuardLink::controlSocket(ifname) +
                                  u" exists already and is not gatewayd's; "
                                  u"name the group otherwise"_s);
    }
    for (const Group &group : groups) {
        if (!runningPorts.contains(group.listenPort) && !udpPortFree(group.listenPort))
            return pc::unexpected(u"groups: group \""_s + group.name + u"\": UDP port "_s +
                                  QString::number(group.listenPort) + u" is in use"_s);
    }
    return std::monostate();
}

Result GroupManager::apply(const QList<Group> &groups) {
    if (auto checked = check(groups); !checked)
        return checked;
    std::vector<QString> made;
    std::vector<std::pair<GroupRuntime *, Group>> updated; // with the configuration before
    const auto undo = [&] {
        for (auto it = updated.rbegin(); it != updated.rend(); ++it) {
            if (auto back = it->first->update(it->second); !back)
                qCWarning(lcGroups).noquote() << "undo:" << back.error();
        }
        for (const QString &name : made)
            m_groups.erase(name);
    };
    for (const Group &group : groups) {
        auto existing = m_groups.find(group.name);
        if (existing != m_groups.end() && !existing->second->link().alive()) {
            // Its wireguard-go died: the group is made again from scratch.
            qCWarning(lcGroups).noquote() << "group" << group.name << "lost its wireguard-go;"
                                          << "making it again";
            m_groups.erase(existing);
            existing = m_groups.end();
        }
        if (existing == m_groups.end()) {
            GroupRuntime::removeLeftovers(group.name); // only what is gatewayd's
            auto runtime = GroupRuntime::create(group);
            if (!runtime) {
                qCWarning(lcGroups).noquote() << runtime.error();
                undo();
                return pc::unexpected(runtime.error());
            }
            m_groups[group.name] = std::move(runtime).value();
            made.push_back(group.name);
        } else if (existing->second->config() != group) {
            const Group before = existing->second->config();
            updated.emplace_back(existing->second.get(), before);
            if (auto done = existing->second->update(group); !done) {
                qCWarning(lcGroups).noquote() << done.error();
                undo();
                return done;
            }
        }
    }
    QStringList removed;
    for (const auto &[name, runtime] : m_groups) {
        if (std::none_of(groups.begin(), groups.end(),
                         [&name](const Group &g) { return g.name == name; }))
            removed << name;
    }
    for (const QString &name : std::as_const(removed)) {
        m_groups.erase(name);
        m_status.erase(name);
        Q_EMIT groupRemoved(name);
    }
    m_statusAge.invalidate();
    m_startProblem.clear();
    return std::monostate();
}

QList<Group> GroupManager::running() const {
    QList<Group> result;
    for (const auto &[name, runtime] : m_groups)
        result << runtime->config();
    return result;
}

void GroupManager::refreshStatus() {
    if (m_statusAge.isValid() && m_statusAge.elapsed() < StatusMaxAgeMs)
        return;
    m_status.clear();
    for (const auto &[name, runtime] : m_groups)
        m_status[name] = GroupStatus::read(*runtime);
    m_statusAge.start();
}

QJsonArray GroupManager::statusJson(const QList<Group> &configured) {
    refreshStatus();
    QJsonArray result;
    for (const Group &group : configured) {
        if (!isRunning(group.name))
            result.append(QJsonObject{
                {u"name"_s, group.name},
                {u"running"_s, false},
                {u"problem"_s, m_startProblem.isEmpty() ? u"not running"_s : m_startProblem}});
    }
    for (const auto &[name, runtime] : m_groups) {
        QJsonArray routes;
        for (const GatewayConfig::GroupRoute &route : runtime->config().routes) {
            QJsonObject json{
                {u"host"_s, route.host},
                {u"http"_s, route.http ? QJsonValue(route.http->toString()) : QJsonValue()},
                {u"tls"_s, route.tls ? QJsonValue(route.tls->toString()) : QJsonValue()}};
            if (m_decorateRoute)
                m_decorateRoute(name, json);
            routes.append(json);
        }
        const auto status = m_status.find(name);
        if (status != m_status.end())
            result.append(status->second.toJson(routes));
    }
    return result;
}

QByteArray GroupManager::renderMetrics() {
    if (m_groups.empty())
        return {};
    refreshStatus();
    QByteArray out;
    GatewayMetrics::family(out, "gatewayd_group_peer_handshake_age_seconds", "gauge",
                           "Seconds since the latest WireGuard handshake with a group's peer "
                           "(no sample: never)");
    for (const auto &[name, status] : m_status)
        status.renderMetrics(out);
    return out;
}

} // namespace gw
