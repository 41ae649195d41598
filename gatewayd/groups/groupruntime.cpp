#include "groups/groupruntime.h"

#include "config/groupssection.h"
#include "groups/groupownership.h"
#include "groups/groupslog.h"
#include "groups/systemcommand.h"

#include <QFile>
#include <QFileInfo>

using namespace Qt::StringLiterals;

namespace gw {

namespace {

using Result = pc::Expected<std::monostate, QString>;

Result done(const pc::Expected<QByteArray, QString> &ran) {
    if (!ran)
        return pc::unexpected(ran.error());
    return std::monostate();
}

} // namespace

GroupRuntime::GroupRuntime(GatewayConfig::Group group)
    : m_config(std::move(group)) {}

GroupRuntime::~GroupRuntime() {
    // Connections to the group's nodes end now, not at their next timeout: every TCP
    // socket of the namespace (they are all gatewayd's) is destroyed (sock_destroy, as
    // `ss -K` does), and its owner reads an error at once.
    if (m_namespaceMade)
        (void)SystemCommand::run(u"ip"_s, {u"netns"_s, u"exec"_s, netns(), u"ss"_s, u"-K"_s,
                                           u"-t"_s, u"-n"_s, u"state"_s, u"connected"_s});
    const bool kernel = m_link && m_link->isKernel();
    m_link.reset(); // wireguard-go ends, and its interface with it
    if (kernel && !ipInside({u"link"_s, u"del"_s, interfaceName()})) // not moved in yet?
        (void)SystemCommand::run(u"ip"_s, {u"link"_s, u"del"_s, interfaceName()});
    if (m_namespaceMade) {
        if (auto removed = SystemCommand::run(u"ip"_s, {u"netns"_s, u"del"_s, netns()}); !removed) {
            qCWarning(lcGroups).noquote() << removed.error();
        } else {
            GroupOwnership::forgetNamespace(netns());
            qCInfo(lcGroups).noquote() << "group" << m_config.name << "removed";
        }
    }
}

QString GroupRuntime::interfaceName() const {
    return GroupsSection::interfaceName(m_config.name);
}

bool GroupRuntime::namespaceExists(const QString &name) {
    return QFileInfo::exists(u"/run/netns/"_s + name);
}

void GroupRuntime::removeLeftovers(const QString &name) {
    const QString ifname = GroupsSection::interfaceName(name);
    if (GroupOwnership::ownsNamespace(name)) {
        // Its wireguard-go was killed with gatewayd: a control socket it left is stale.
        QFile::remove(WireGuardLink::controlSocket(ifname));
        (void)SystemCommand::run(u"ip"_s, {u"-n"_s, name, u"link"_s, u"del"_s, ifname});
        if (SystemCommand::run(u"ip"_s, {u"netns"_s, u"del"_s, name})) {
            GroupOwnership::forgetNamespace(name);
            qCInfo(lcGroups).noquote() << "removed the leftover namespace" << name;
        }
    } else if (!namespaceExists(name)) {
        GroupOwnership::forgetNamespace(name); // a marker whose namespace went otherwise
    }
    // Made, not yet moved into the namespace when gatewayd was killed.
    if (GroupOwnership::ownsHostInterface(ifname))
        (void)SystemCommand::run(u"ip"_s, {u"link"_s, u"del"_s, ifname});
}

pc::Expected<std::unique_ptr<GroupRuntime>, QString>
GroupRuntime::create(const GatewayConfig::Group &group) {
    std::unique_ptr<GroupRuntime> runtime(new GroupRuntime(group));
    if (auto built = runtime->build(); !built)
        return pc::unexpected(u"group \""_s + group.name + u"\": "_s + built.error());
    qCInfo(lcGroups).noquote() << "group" << group.name << "up:" << runtime->interfaceName()
                               << group.address << "in namespace" << group.name << "-"
                               << group.peers.size() << "peer(s)";
    return runtime;
}

Result GroupRuntime::build() {
    if (auto made = SystemCommand::run(u"ip"_s, {u"netns"_s, u"add"_s, netns()}); !made)
        return pc::unexpected(made.error());
    m_namespaceMade = true;
    if (auto recorded = GroupOwnership::recordNamespace(netns()); !recorded)
        return recorded;
    auto link = WireGuardLink::create(interfaceName());
    if (!link)
        return pc::unexpected(link.error());
    m_link = std::move(link).value();
    // Configured while still in the host's namespace, where `wg` resolves peers' endpoint
    // names with the host's DNS; the configuration moves with the interface.
    if (auto set = setKeyAndPort(QString()); !set)
        return set;
    for (const GatewayConfig::GroupPeer &peer : std::as_const(m_config.peers)) {
        if (auto added = addPeer(peer, QString()); !added)
            return added;
    }
    const QString ifname = interfaceName();
    if (auto moved =
            SystemCommand::run(u"ip"_s, {u"link"_s, u"set"_s, ifname, u"netns"_s, netns()});
        !moved) {
        (void)SystemCommand::run(u"ip"_s, {u"link"_s, u"del"_s, ifname});
        return pc::unexpected(moved.error());
    }
    if (auto lo = ipInside({u"link"_s, u"set"_s, u"lo"_s, u"up"_s}); !lo)
        return done(lo);
    if (auto address = setAddress(); !address)
        return address;
    if (auto up = ipInside({u"link"_s, u"set"_s, ifname, u"up"_s}); !up)
        return done(up);
    for (const GatewayConfig::GroupPeer &peer : std::as_const(m_config.peers)) {
        for (const QString &network : peer.allowedIps) {
            if (auto route = ipInside({u"route"_s, u"replace"_s, network, u"dev"_s, ifname});
                !route)
                return done(route);
        }
    }
    return std::monostate();
}

Result GroupRuntime::update(const GatewayConfig::Group &group) {
    const GatewayConfig::Group old = m_config;
    m_config = group;
    if (!m_link->alive())
        return pc::unexpected(u"group \""_s + group.name + u"\": wireguard-go is not running"_s);
    // The key file's content may have changed under the same path: always set again.
    if (auto set = setKeyAndPort(netns()); !set)
        return set;
    for (const GatewayConfig::GroupPeer &peer : old.peers) {
        if (!group.peers.contains(peer)) {
            if (auto removed = removePeer(peer); !removed)
                return removed;
        }
    }
    for (const GatewayConfig::GroupPeer &peer : group.peers) {
        if (old.peers.contains(peer))
            continue;
        if (auto added = addPeer(peer, netns()); !added)
            return added;
        for (const QString &network : peer.allowedIps) {
            if (auto route =
                    ipInside({u"route"_s, u"replace"_s, network, u"dev"_s, interfaceName()});
                !route)
                return done(route);
        }
    }
    if (old.address != group.address) {
        if (auto flushed = ipInside({u"addr"_s, u"flush"_s, u"dev"_s, interfaceName()}); !flushed)
            return done(flushed);
        if (auto address = setAddress(); !address)
            return address;
    }
    qCInfo(lcGroups).noquote() << "group" << group.name << "updated";
    return std::monostate();
}

Result GroupRuntime::setKeyAndPort(const QString &netns) {
    QStringList command = netns.isEmpty() ? QStringList{u"wg"_s} : m_link->wgCommand(netns);
    // The key goes by its file's path, never as an argument.
    command << u"set"_s << interfaceName() << u"private-key"_s << m_config.privateKeyFile
            << u"listen-port"_s << QString::number(m_config.listenPort);
    return done(SystemCommand::run(command.takeFirst(), command));
}

Result GroupRuntime::addPeer(const GatewayConfig::GroupPeer &peer, const QString &netns) {
    QStringList command = netns.isEmpty() ? QStringList{u"wg"_s} : m_link->wgCommand(netns);
    command << u"set"_s << interfaceName() << u"peer"_s << peer.publicKey << u"allowed-ips"_s
            << peer.allowedIps.join(u',');
    if (!peer.endpoint.isEmpty())
        command << u"endpoint"_s << peer.endpoint;
    command << u"persistent-keepalive"_s
            << (peer.persistentKeepalive ? QString::number(peer.persistentKeepalive) : u"off"_s);
    return done(SystemCommand::run(command.takeFirst(), command));
}

Result GroupRuntime::removePeer(const GatewayConfig::GroupPeer &peer) {
    QStringList command = m_link->wgCommand(netns());
    command << u"set"_s << interfaceName() << u"peer"_s << peer.publicKey << u"remove"_s;
    return done(SystemCommand::run(command.takeFirst(), command));
}

Result GroupRuntime::setAddress() {
    return done(ipInside({u"addr"_s, u"add"_s, m_config.address, u"dev"_s, interfaceName()}));
}

pc::Expected<QByteArray, QString> GroupRuntime::ipInside(const QStringList &args) {
    return SystemCommand::run(u"ip"_s, QStringList{u"-n"_s, netns()} + args);
}

} // namespace gw
