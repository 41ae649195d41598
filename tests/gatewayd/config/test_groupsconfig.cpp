// groups[] and listen.http (README, "Node groups"): what is taken, what is refused with
// which key, and that the private key never shows.
#include "config/configloader.h"
#include "config/configwriter.h"
#include "configfixture.h"

#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <vector>

using namespace Qt::StringLiterals;
using gw::ConfigLoader;
using gw::ConfigWriter;
using gw::test::ConfigFixture;
using Redaction = gw::ConfigWriter::Redaction;

namespace {

// Made with `wg genkey` and `wg pubkey`; the private one is the "secret" of these tests.
const QByteArray kPrivateKey = "wPnU1xa01k2Qf/asgXZK6xKsfvcMT6bbw54FwkIEpGE=";
const QString kPeerA = u"7lzSD9yZvlhgn94fvRNQDXLcOneccZUgyR4gtWR6XzY="_s;
const QString kPeerB = u"AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8="_s;

QJsonObject group(const QString &name, int port, const QString &peerKey, const QString &keyFile) {
    return QJsonObject{
        {u"name"_s, name},
        {u"wireguard"_s,
         QJsonObject{
             {u"privateKeyFile"_s, keyFile},
             {u"listenPort"_s, port},
             {u"address"_s, u"10.8.0.1/24"_s},
             {u"peers"_s, QJsonArray{QJsonObject{{u"publicKey"_s, peerKey},
                                                 {u"allowedIps"_s, QJsonArray{u"10.8.0.2/32"_s}},
                                                 {u"endpoint"_s, u"198.51.100.7:51820"_s},
                                                 {u"persistentKeepalive"_s, 25}}}}}},
        {u"routes"_s, QJsonArray{QJsonObject{{u"host"_s, u"App-"_s + name + u".Example.com."_s},
                                             {u"http"_s, u"10.8.0.2:80"_s},
                                             {u"tls"_s, u"10.8.0.2:443"_s}}}}};
}

// The valid document with two groups over the same addresses and listen.http.
QJsonObject withGroups(const ConfigFixture &fx) {
    fx.writeFile(u"wg.key"_s, kPrivateKey + "\n");
    QJsonObject document =
        ConfigFixture::with(fx.validDocument(), u"listen.http"_s, u"0.0.0.0:8080"_s);
    document.insert(u"groups"_s, QJsonArray{group(u"a"_s, 51820, kPeerA, u"wg.key"_s),
                                            group(u"site-b"_s, 51821, kPeerB, u"wg.key"_s)});
    return document;
}

} // namespace

TEST_CASE("groups and listen.http are read with canonical values") {
    ConfigFixture fx;
    const auto config = fx.load(withGroups(fx));
    INFO((config ? QString() : config.error().toString()).toStdString());
    REQUIRE(config);
    REQUIRE(config->listen.http);
    CHECK(config->listen.http->toString() == u"0.0.0.0:8080"_s);
    REQUIRE(config->groups.size() == 2);
    const gw::GatewayConfig::Group &a = config->groups[0];
    CHECK(a.name == u"a"_s);
    CHECK(a.privateKeyFile == fx.path(u"wg.key"_s)); // resolved against the base directory
    CHECK(a.listenPort == 51820);
    CHECK(a.address == u"10.8.0.1/24"_s);
    REQUIRE(a.peers.size() == 1);
    CHECK(a.peers[0].publicKey == kPeerA);
    CHECK(a.peers[0].allowedIps == QStringList{u"10.8.0.2/32"_s});
    CHECK(a.peers[0].endpoint == u"198.51.100.7:51820"_s);
    CHECK(a.peers[0].persistentKeepalive == 25);
    REQUIRE(a.routes.size() == 1);
    CHECK(a.routes[0].host == u"app-a.example.com"_s);
    CHECK(a.routes[0].http->toString() == u"10.8.0.2:80"_s);
    CHECK(a.routes[0].tls->toString() == u"10.8.0.2:443"_s);
    // The same node addresses in both groups: they never see each other.
    CHECK(config->groups[1].address == a.address);

    // Optional parts: no peers' endpoint or keepalive, a route with only tls, no routes.
    QJsonObject minimal = withGroups(fx);
    minimal = ConfigFixture::without(minimal, u"groups.0.wireguard.peers.0.endpoint"_s);
    minimal = ConfigFixture::without(minimal, u"groups.0.wireguard.peers.0.persistentKeepalive"_s);
    minimal = ConfigFixture::without(minimal, u"groups.0.routes.0.http"_s);
    minimal = ConfigFixture::without(minimal, u"groups.1.routes"_s);
    const auto loaded = fx.load(minimal);
    REQUIRE(loaded);
    CHECK(loaded->groups[0].peers[0].endpoint.isEmpty());
    CHECK(loaded->groups[0].peers[0].persistentKeepalive == 0);
    CHECK_FALSE(loaded->groups[0].routes[0].http);
    CHECK(loaded->groups[1].routes.isEmpty());
}

TEST_CASE("groups round-trip through ConfigWriter and the private key never shows") {
    ConfigFixture fx;
    const auto original = fx.load(withGroups(fx));
    REQUIRE(original);
    const QByteArray bytes = ConfigWriter::toBytes(*original, Redaction::None);
    const auto again = ConfigLoader::fromJson(bytes, QDir::rootPath());
    INFO((again ? QString() : again.error().toString()).toStdString());
    REQUIRE(again);
    CHECK(*again == *original);
    CHECK(ConfigWriter::toBytes(*again, Redaction::None) == bytes);
    CHECK_FALSE(bytes.contains(kPrivateKey));

    const QJsonObject redacted = ConfigWriter::toJson(*original, Redaction::Secrets);
    CHECK(redacted[u"groups"_s][0][u"wireguard"_s][u"privateKeyFile"_s].toString() ==
          fx.path(u"wg.key"_s));
    CHECK(redacted[u"listen"_s][u"http"_s].toString() == u"0.0.0.0:8080"_s);

    gw::GatewayConfig changed = *original;
    changed.groups[1].peers[0].allowedIps << u"10.9.0.0/16"_s;
    CHECK_FALSE(changed == *original);
}

TEST_CASE("bad groups name the key and the problem") {
    ConfigFixture fx;
    const QJsonObject good = withGroups(fx);
    fx.writeFile(u"not-a-key"_s, kPrivateKey.left(40) + "\n");
    struct Case {
        QString path;
        QJsonValue value;
        QString key;
        QString problem;
    };
    const QString g0 = u"groups[0]"_s;
    const QString wg0 = u"groups[0].wireguard"_s;
    const QString peer0 = u"groups[0].wireguard.peers[0]"_s;
    const std::vector<Case> cases = {
        {u"groups.0.name"_s, u"Upper"_s, g0 + u".name"_s, u"is not a group name"_s},
        {u"groups.0.name"_s, u"thirteen-char"_s, g0 + u".name"_s, u"is not a group name"_s},
        {u"groups.0.name"_s, u"-a"_s, g0 + u".name"_s, u"is not a group name"_s},
        {u"groups.0.name"_s, u"../x"_s, g0 + u".name"_s, u"is not a group name"_s},
        {u"groups.1.name"_s, u"a"_s, u"groups[1].name"_s, u"duplicate group name \"a\""_s},
        {u"groups.0.wireguard"_s, QJsonValue::Undefined, g0 + u".wireguard"_s,
         u"missing required key"_s},
        {u"groups.0.wireguard.privateKeyFile"_s, u"missing.key"_s, wg0 + u".privateKeyFile"_s,
         u"file not found"_s},
        {u"groups.0.wireguard.privateKeyFile"_s, u"not-a-key"_s, wg0 + u".privateKeyFile"_s,
         u"does not hold a WireGuard private key"_s},
        {u"groups.0.wireguard.listenPort"_s, QJsonValue::Undefined, wg0 + u".listenPort"_s,
         u"missing required key"_s},
        {u"groups.0.wireguard.listenPort"_s, 0, wg0 + u".listenPort"_s, u"from 1 to 65535"_s},
        {u"groups.1.wireguard.listenPort"_s, 51820, u"groups[1].wireguard.listenPort"_s,
         u"already group \"a\"'s"_s},
        {u"groups.0.wireguard.address"_s, u"10.8.0.1"_s, wg0 + u".address"_s,
         u"is not an interface address"_s},
        {u"groups.0.wireguard.address"_s, u"10.8.0.1/33"_s, wg0 + u".address"_s,
         u"is not an interface address"_s},
        {u"groups.0.wireguard.peers.0.publicKey"_s, u"not-base64!"_s, peer0 + u".publicKey"_s,
         u"is not a WireGuard public key"_s},
        {u"groups.0.wireguard.peers.0.publicKey"_s, kPeerA.left(43) + u"A"_s,
         peer0 + u".publicKey"_s, u"is not a WireGuard public key"_s},
        {u"groups.0.wireguard.peers.0.publicKey"_s, u"AAAA"_s, peer0 + u".publicKey"_s,
         u"is not a WireGuard public key"_s},
        {u"groups.0.wireguard.peers.1"_s,
         QJsonObject{{u"publicKey"_s, kPeerA}, {u"allowedIps"_s, QJsonArray{u"10.8.0.3/32"_s}}},
         u"groups[0].wireguard.peers[1].publicKey"_s, u"listed twice"_s},
        {u"groups.0.wireguard.peers.0.allowedIps"_s, QJsonArray{}, peer0 + u".allowedIps"_s,
         u"is empty"_s},
        {u"groups.0.wireguard.peers.0.allowedIps.0"_s, u"10.8.0.2/24"_s,
         peer0 + u".allowedIps[0]"_s, u"host bits set"_s},
        {u"groups.0.wireguard.peers.0.endpoint"_s, u"node.example.com"_s, peer0 + u".endpoint"_s,
         u"is not an endpoint"_s},
        {u"groups.0.wireguard.peers.0.persistentKeepalive"_s, -1, peer0 + u".persistentKeepalive"_s,
         u"from 0 to 65535"_s},
        {u"groups.0.routes.0.host"_s, u"10.0.0.1"_s, g0 + u".routes[0].host"_s,
         u"is not a DNS name"_s},
        {u"groups.0.routes.0.host"_s, u"gw1.example.com"_s, g0 + u".routes[0].host"_s,
         u"gateway's own names"_s},
        {u"groups.1.routes.0.host"_s, u"APP-a.example.com"_s, u"groups[1].routes[0].host"_s,
         u"routed twice (already in group \"a\")"_s},
        {u"groups.0.routes.1"_s, QJsonObject{{u"host"_s, u"x.example.com"_s}}, g0 + u".routes[1]"_s,
         u"needs \"http\", \"tls\" or both"_s},
        {u"groups.0.routes.0.http"_s, u"node.example.com:80"_s, g0 + u".routes[0].http"_s,
         u"is not a node address"_s},
        {u"groups.0.routes.0.tls"_s, u"10.8.0.2"_s, g0 + u".routes[0].tls"_s,
         u"is not a node address"_s},
        {u"groups.0.color"_s, u"red"_s, g0 + u".color"_s, u"unknown key"_s},
        {u"listen.http"_s, u"0.0.0.0:8443"_s, u"listen.http"_s, u"same port as listen.public"_s},
    };
    for (const Case &c : cases) {
        INFO("changing " << c.path.toStdString());
        const QJsonObject document = c.value.isUndefined()
                                         ? ConfigFixture::without(good, c.path)
                                         : ConfigFixture::with(good, c.path, c.value);
        const auto result = fx.load(document);
        REQUIRE_FALSE(result);
        const QString line = result.error().toString();
        INFO(line.toStdString());
        CHECK(result.error().key == c.key);
        CHECK(result.error().problem.contains(c.problem));
        CHECK_FALSE(line.contains(QString::fromLatin1(kPrivateKey.left(20))));
    }
}

TEST_CASE("route hosts stay apart from the session and agent domains") {
    ConfigFixture fx;
    QJsonObject document = withGroups(fx);
    document = ConfigFixture::with(document, u"browser.sessionDomain"_s, u"s.example.com"_s);
    document = ConfigFixture::with(document, u"ingress.agentDomain"_s, u"agents.example.com"_s);
    for (const QString &host : {u"s.example.com"_s, u"x.s.example.com"_s, u"agents.example.com"_s,
                                u"node.agents.example.com"_s}) {
        INFO(host.toStdString());
        const auto result =
            fx.load(ConfigFixture::with(document, u"groups.0.routes.0.host"_s, host));
        REQUIRE_FALSE(result);
        CHECK(result.error().key == u"groups[0].routes[0].host"_s);
        CHECK(result.error().problem.contains(u"gateway's own names"_s));
    }
    CHECK(fx.load(ConfigFixture::with(document, u"groups.0.routes.0.host"_s, u"example.com"_s)));
}
