#include "groups/groupstatus.h"

#include "groups/groupruntime.h"
#include "groups/systemcommand.h"
#include "metrics/gatewaymetrics.h"

#include <QJsonArray>

using namespace Qt::StringLiterals;

namespace gw {

GroupStatus GroupStatus::read(const GroupRuntime &group) {
    GroupStatus status;
    status.name = group.config().name;
    status.netns = group.netns();
    status.interfaceName = group.interfaceName();
    status.implementation = group.link().isKernel() ? u"kernel"_s : u"wireguard-go"_s;
    status.address = group.config().address;
    status.readAt = QDateTime::currentDateTimeUtc();
    status.namespacePresent = GroupRuntime::namespaceExists(status.netns);
    if (!status.namespacePresent) {
        status.problem = u"the network namespace is gone"_s;
        return status;
    }
    const auto link = SystemCommand::run(
        u"ip"_s,
        {u"-n"_s, status.netns, u"-o"_s, u"link"_s, u"show"_s, u"dev"_s, status.interfaceName},
        3000);
    if (!link) {
        status.problem = link.error();
        return status;
    }
    // "5: wg-a: <POINTOPOINT,NOARP,UP,LOWER_UP> mtu 1420 ...": the administrative flag.
    const QByteArray flags = link->mid(link->indexOf('<'), link->indexOf('>') - link->indexOf('<'));
    status.interfaceUp = flags.contains(",UP") || flags.contains("<UP");
    QStringList command = group.link().wgCommand(status.netns);
    command << u"show"_s << status.interfaceName << u"dump"_s;
    const auto dump = SystemCommand::run(command.takeFirst(), command, 3000);
    if (!dump)
        status.problem = dump.error();
    else if (!(status.wireguard = WireGuardDump::parse(*dump)))
        status.problem = u"wg show printed something unexpected"_s;
    if (!group.link().alive())
        status.problem = u"wireguard-go is not running"_s;
    return status;
}

QJsonObject GroupStatus::toJson(const QJsonArray &routes) const {
    QJsonArray peers;
    if (wireguard) {
        for (const WireGuardDump::Peer &peer : wireguard->peers) {
            QJsonObject json{
                {u"publicKey"_s, peer.publicKey},
                {u"endpoint"_s, peer.endpoint.isEmpty() ? QJsonValue() : QJsonValue(peer.endpoint)},
                {u"allowedIps"_s, QJsonArray::fromStringList(peer.allowedIps)},
                {u"rxBytes"_s, peer.rxBytes},
                {u"txBytes"_s, peer.txBytes}};
            if (peer.latestHandshake > 0) {
                json.insert(u"latestHandshake"_s,
                            QDateTime::fromSecsSinceEpoch(peer.latestHandshake, Qt::UTC)
                                .toString(Qt::ISODate));
                json.insert(u"handshakeAgeSeconds"_s,
                            QDateTime::currentSecsSinceEpoch() - peer.latestHandshake);
            } else {
                json.insert(u"latestHandshake"_s, QJsonValue()); // never
            }
            peers.append(json);
        }
    }
    QJsonObject json{
        {u"name"_s, name},
        {u"running"_s, true},
        {u"namespace"_s, QJsonObject{{u"name"_s, netns}, {u"present"_s, namespacePresent}}},
        {u"interface"_s,
         QJsonObject{
             {u"name"_s, interfaceName},
             {u"implementation"_s, implementation},
             {u"up"_s, interfaceUp},
             {u"address"_s, address},
             {u"publicKey"_s, wireguard ? QJsonValue(wireguard->publicKey) : QJsonValue()},
             {u"listenPort"_s, wireguard ? QJsonValue(wireguard->listenPort) : QJsonValue()}}},
        {u"peers"_s, peers},
        {u"routes"_s, routes},
        {u"readAt"_s, readAt.toString(Qt::ISODate)}};
    if (!problem.isEmpty())
        json.insert(u"problem"_s, problem);
    return json;
}

void GroupStatus::renderMetrics(QByteArray &out) const {
    if (!wireguard)
        return;
    for (const WireGuardDump::Peer &peer : wireguard->peers) {
        if (peer.latestHandshake <= 0)
            continue; // never: no sample (an absent series, not a made-up age)
        out +=
            "gatewayd_group_peer_handshake_age_seconds{group=" + GatewayMetrics::labelValue(name) +
            ",peer=" + GatewayMetrics::labelValue(peer.publicKey) + "} " +
            QByteArray::number(QDateTime::currentSecsSinceEpoch() - peer.latestHandshake) + '\n';
    }
}

} // namespace gw
