#include "config/groupssection.h"

#include "config/dnsname.h"
#include "config/ipliteral.h"
#include "config/subnet.h"
#include "config/wireguardkey.h"

#include <QCryptographicHash>
#include <QFile>
#include <QJsonArray>
#include <QRegularExpression>

using namespace Qt::StringLiterals;

namespace gw {

namespace {

using Presence = JsonObjectReader::Presence;

QString indexPath(const QString &path, qsizetype index) {
    return path + u"["_s + QString::number(index) + u"]"_s;
}

QString quoted(const QString &text) {
    return u"\""_s + text + u"\""_s;
}

// "10.8.0.1/24": an interface address with its prefix (host bits are the point here).
std::optional<QString> interfaceAddress(const QString &text) {
    const qsizetype slash = text.indexOf(u'/');
    if (slash < 0)
        return std::nullopt;
    const std::optional<QHostAddress> address = IpLiteral::parse(QStringView(text).left(slash));
    if (!address || !address->scopeId().isEmpty())
        return std::nullopt;
    const QString prefixText = text.mid(slash + 1);
    static const QRegularExpression digits(u"^[0-9]{1,3}$"_s);
    const int maxPrefix = address->protocol() == QAbstractSocket::IPv6Protocol ? 128 : 32;
    if (!digits.match(prefixText).hasMatch() || prefixText.toInt() > maxPrefix)
        return std::nullopt;
    return address->toString() + u"/"_s + QString::number(prefixText.toInt());
}

// "203.0.113.5:51820", "[2001:db8::1]:51820" or "node.example.com:51820".
std::optional<QString> endpoint(const QString &text) {
    if (const auto literal = HostPort::parse(text, HostPort::Port::Required))
        return literal->port != 0 ? std::optional(literal->toString()) : std::nullopt;
    const qsizetype colon = text.lastIndexOf(u':');
    if (colon <= 0)
        return std::nullopt;
    const QString host = text.left(colon).toLower();
    bool ok = false;
    const int port = text.mid(colon + 1).toInt(&ok);
    if (!ok || port < 1 || port > 65535 || !DnsName::isHostName(host) || IpLiteral::parse(host))
        return std::nullopt;
    return host + u":"_s + QString::number(port);
}

} // namespace

QString GroupsSection::interfaceName(const QString &groupName) {
    return u"wg-"_s + groupName;
}

void GroupsSection::parse(JsonObjectReader &root, const ConfigFiles &files, GatewayConfig &config) {
    const std::optional<QJsonArray> groups = root.array(u"groups"_s, Presence::Optional);
    for (qsizetype i = 0; groups && i < groups->size() && !root.failed(); ++i) {
        JsonObjectReader group = root.element(groups->at(i), indexPath(u"groups"_s, i),
                                              {u"name"_s, u"wireguard"_s, u"routes"_s});
        parseGroup(group, files, config);
    }
}

void GroupsSection::parseGroup(JsonObjectReader &group, const ConfigFiles &files,
                               GatewayConfig &config) {
    GatewayConfig::Group result;
    result.name = group.string(u"name"_s, Presence::Required).value_or(QString());
    static const QRegularExpression nameRule(u"^[a-z0-9]([a-z0-9-]{0,10}[a-z0-9])?$"_s);
    if (!group.failed() && !nameRule.match(result.name).hasMatch())
        group.fail(group.keyPath(u"name"_s),
                   quoted(result.name) + u" is not a group name: 1 to "_s +
                       QString::number(MaxNameLength) +
                       u" of a-z, 0-9 and inner \"-\" (it names the network namespace and the "
                       u"interface wg-<name>)"_s);
    for (const GatewayConfig::Group &other : std::as_const(config.groups)) {
        if (!group.failed() && other.name == result.name)
            group.fail(group.keyPath(u"name"_s), u"duplicate group name "_s + quoted(result.name));
    }
    parseWireGuard(group, files, config, result);
    const std::optional<QJsonArray> routes = group.array(u"routes"_s, Presence::Optional);
    for (qsizetype i = 0; routes && i < routes->size() && !group.failed(); ++i) {
        JsonObjectReader route =
            group.element(routes->at(i), indexPath(group.keyPath(u"routes"_s), i),
                          {u"host"_s, u"http"_s, u"tls"_s});
        parseRoute(route, config, result);
    }
    if (!group.failed())
        config.groups << result;
}

void GroupsSection::parseWireGuard(JsonObjectReader &group, const ConfigFiles &files,
                                   const GatewayConfig &config, GatewayConfig::Group &result) {
    JsonObjectReader wg =
        group.child(u"wireguard"_s, Presence::Required,
                    {u"privateKeyFile"_s, u"listenPort"_s, u"address"_s, u"peers"_s});
    result.privateKeyFile =
        files.readableFile(wg, u"privateKeyFile"_s, Presence::Required).value_or(QString());
    if (!wg.failed()) {
        QFile file(result.privateKeyFile);
        const bool read = file.open(QIODevice::ReadOnly);
        const QByteArray content = read ? file.read(257) : QByteArray();
        result.privateKeyDigest = QCryptographicHash::hash(content, QCryptographicHash::Sha256);
        if (!read || !WireGuardKey::parseFile(content))
            wg.fail(wg.keyPath(u"privateKeyFile"_s),
                    u"does not hold a WireGuard private key (base64 of 32 bytes, as `wg genkey` "
                    u"writes it): "_s +
                        result.privateKeyFile);
    }

    if (!wg.failed() && !wg.has(u"listenPort"_s))
        wg.fail(wg.keyPath(u"listenPort"_s),
                u"missing required key (the UDP port peers send to)"_s);
    result.listenPort = wg.integer(u"listenPort"_s, 0, 1, 65535);
    for (const GatewayConfig::Group &other : config.groups) {
        if (!wg.failed() && other.listenPort == result.listenPort)
            wg.fail(wg.keyPath(u"listenPort"_s), u"port "_s + QString::number(result.listenPort) +
                                                     u" is already group "_s + quoted(other.name) +
                                                     u"'s; each group needs its own"_s);
    }

    const std::optional<QString> address = wg.string(u"address"_s, Presence::Required);
    const std::optional<QString> canonical = interfaceAddress(address.value_or(QString()));
    if (address && !canonical)
        wg.fail(wg.keyPath(u"address"_s),
                quoted(*address) + u" is not an interface address: expected the gateway's "
                                   u"address in the group with its prefix, e.g. \"10.8.0.1/24\""_s);
    result.address = canonical.value_or(QString());

    const std::optional<QJsonArray> peers = wg.array(u"peers"_s, Presence::Optional);
    for (qsizetype i = 0; peers && i < peers->size() && !wg.failed(); ++i) {
        JsonObjectReader peer =
            wg.element(peers->at(i), indexPath(wg.keyPath(u"peers"_s), i),
                       {u"publicKey"_s, u"allowedIps"_s, u"endpoint"_s, u"persistentKeepalive"_s});
        parsePeer(peer, result);
    }
}

void GroupsSection::parsePeer(JsonObjectReader &peer, GatewayConfig::Group &result) {
    GatewayConfig::GroupPeer parsed;
    parsed.publicKey = peer.string(u"publicKey"_s, Presence::Required).value_or(QString());
    // The value is not echoed: a private key pasted here by mistake must not reach a log.
    if (!peer.failed() && !WireGuardKey::parse(parsed.publicKey))
        peer.fail(peer.keyPath(u"publicKey"_s),
                  u"is not a WireGuard public key (base64 of 32 bytes, as `wg pubkey` writes "
                  u"it)"_s);
    for (const GatewayConfig::GroupPeer &other : std::as_const(result.peers)) {
        if (!peer.failed() && other.publicKey == parsed.publicKey)
            peer.fail(peer.keyPath(u"publicKey"_s), u"the same peer is listed twice"_s);
    }

    const std::optional<QJsonArray> allowed = peer.array(u"allowedIps"_s, Presence::Required);
    if (allowed && allowed->isEmpty())
        peer.fail(peer.keyPath(u"allowedIps"_s),
                  u"is empty: list the peer's networks, e.g. [\"10.8.0.2/32\"]"_s);
    for (qsizetype i = 0; allowed && i < allowed->size() && !peer.failed(); ++i) {
        const QString path = indexPath(peer.keyPath(u"allowedIps"_s), i);
        const std::optional<QString> text = peer.stringValue(allowed->at(i), path);
        const auto subnet = Subnet::parse(text.value_or(QString()));
        if (text && !subnet)
            peer.fail(path, subnet.error());
        else if (subnet)
            parsed.allowedIps << subnet->toString();
    }

    if (const std::optional<QString> text = peer.string(u"endpoint"_s, Presence::Optional)) {
        const std::optional<QString> canonical = endpoint(*text);
        if (!canonical)
            peer.fail(peer.keyPath(u"endpoint"_s),
                      quoted(*text) + u" is not an endpoint: expected \"host:port\", e.g. "
                                      u"\"203.0.113.5:51820\" or \"node.example.com:51820\""_s);
        parsed.endpoint = canonical.value_or(QString());
    }
    parsed.persistentKeepalive = peer.integer(u"persistentKeepalive"_s, 0, 0, 65535);
    if (!peer.failed())
        result.peers << parsed;
}

void GroupsSection::parseRoute(JsonObjectReader &route, const GatewayConfig &config,
                               GatewayConfig::Group &result) {
    GatewayConfig::GroupRoute parsed;
    const std::optional<QString> host = route.string(u"host"_s, Presence::Required);
    parsed.host = host.value_or(QString()).toLower();
    if (parsed.host.endsWith(u'.'))
        parsed.host.chop(1);
    if (host && (!DnsName::isHostName(parsed.host) || IpLiteral::parse(parsed.host)))
        route.fail(route.keyPath(u"host"_s),
                   quoted(*host) + u" is not a DNS name, e.g. \"app.example.com\""_s);
    const bool own = parsed.host == config.name.toLower() ||
                     DnsName::isWithin(parsed.host, config.browser.sessionDomain) ||
                     DnsName::isWithin(parsed.host, config.ingress.agentDomain);
    if (!route.failed() && own)
        route.fail(route.keyPath(u"host"_s), quoted(parsed.host) +
                                                 u" is one of the gateway's own names (name, "
                                                 u"browser.sessionDomain, ingress.agentDomain and "
                                                 u"their subdomains)"_s);
    QList<GatewayConfig::Group> groups = config.groups;
    groups << result;
    for (const GatewayConfig::Group &group : std::as_const(groups)) {
        for (const GatewayConfig::GroupRoute &other : group.routes) {
            if (!route.failed() && other.host == parsed.host)
                route.fail(route.keyPath(u"host"_s), quoted(parsed.host) +
                                                         u" is routed twice (already in group "_s +
                                                         quoted(group.name) + u")"_s);
        }
    }

    for (const QString &key : {u"http"_s, u"tls"_s}) {
        const std::optional<QString> text = route.string(key, Presence::Optional);
        if (!text)
            continue;
        const auto target = HostPort::parse(*text, HostPort::Port::Required);
        if (!target || target->port == 0) {
            route.fail(route.keyPath(key), quoted(*text) + u" is not a node address: expected "
                                                           u"\"ip:port\" in the group, e.g. "
                                                           u"\"10.8.0.2:80\""_s);
            continue;
        }
        (key == u"http"_s ? parsed.http : parsed.tls) = *target;
    }
    if (!route.failed() && !parsed.http && !parsed.tls)
        route.fail(route.path(), u"needs \"http\", \"tls\" or both (where the node serves "_s +
                                     quoted(parsed.host) + u")"_s);
    if (!route.failed())
        result.routes << parsed;
}

} // namespace gw
