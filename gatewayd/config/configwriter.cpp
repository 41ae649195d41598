#include "config/configwriter.h"

#include "config/configlog.h"

#include <QDir>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSaveFile>

#ifdef Q_OS_UNIX
#include <fcntl.h>
#include <unistd.h>
#endif

using namespace Qt::StringLiterals;

namespace gw {

namespace {

QJsonValue redactValue(const QJsonValue &value);

QJsonObject redactObject(const QJsonObject &object) {
    QJsonObject result;
    for (auto it = object.begin(); it != object.end(); ++it) {
        const bool secret = ConfigWriter::secretKeyNames().contains(it.key());
        result.insert(it.key(), secret ? QJsonValue(ConfigWriter::redactedPlaceholder())
                                       : redactValue(it.value()));
    }
    return result;
}

QJsonValue redactValue(const QJsonValue &value) {
    if (value.isObject())
        return redactObject(value.toObject());
    if (value.isArray()) {
        QJsonArray result;
        for (const QJsonValue &element : value.toArray())
            result.append(redactValue(element));
        return result;
    }
    return value;
}

QJsonObject authJson(const GatewayConfig::Auth &auth) {
    QJsonArray keys;
    for (const GatewayConfig::AuthKey &key : auth.keys) {
        keys.append(QJsonObject{{u"kid"_s, key.kid},
                                {u"alg"_s, key.alg},
                                {GatewayConfig::keySourceName(key.source), key.file}});
    }
    QJsonObject json{{u"keys"_s, keys},
                     {u"leewaySeconds"_s, auth.leewaySeconds},
                     {u"requireUpstreamMatch"_s, auth.requireUpstreamMatch},
                     {u"revokedJti"_s, QJsonArray::fromStringList(auth.revokedJti)}};
    if (!auth.audience.isEmpty())
        json.insert(u"audience"_s, auth.audience);
    if (!auth.issuers.isEmpty())
        json.insert(u"issuers"_s, QJsonArray::fromStringList(auth.issuers));
    return json;
}

QJsonObject targetsJson(const GatewayConfig::Targets &targets) {
    QJsonArray allow;
    for (const Subnet &subnet : targets.allow)
        allow.append(subnet.toString());
    QJsonObject pins;
    for (const GatewayConfig::TargetPin &pin : targets.pins)
        pins.insert(pin.target.toString(), QString::fromLatin1(pin.sha256.toHex()));
    return QJsonObject{{u"allow"_s, allow}, {u"verifyTls"_s, targets.verifyTls}, {u"pins"_s, pins}};
}

QJsonArray groupsJson(const QList<GatewayConfig::Group> &groups) {
    QJsonArray result;
    for (const GatewayConfig::Group &group : groups) {
        QJsonArray peers;
        for (const GatewayConfig::GroupPeer &peer : group.peers) {
            QJsonObject json{{u"publicKey"_s, peer.publicKey},
                             {u"allowedIps"_s, QJsonArray::fromStringList(peer.allowedIps)}};
            if (!peer.endpoint.isEmpty())
                json.insert(u"endpoint"_s, peer.endpoint);
            if (peer.persistentKeepalive != 0)
                json.insert(u"persistentKeepalive"_s, peer.persistentKeepalive);
            peers.append(json);
        }
        QJsonArray routes;
        for (const GatewayConfig::GroupRoute &route : group.routes) {
            QJsonObject json{{u"host"_s, route.host}};
            if (route.http)
                json.insert(u"http"_s, route.http->toString());
            if (route.tls)
                json.insert(u"tls"_s, route.tls->toString());
            routes.append(json);
        }
        result.append(
            QJsonObject{{u"name"_s, group.name},
                        {u"wireguard"_s, QJsonObject{{u"privateKeyFile"_s, group.privateKeyFile},
                                                     {u"listenPort"_s, group.listenPort},
                                                     {u"address"_s, group.address},
                                                     {u"peers"_s, peers}}},
                        {u"routes"_s, routes}});
    }
    return result;
}

#ifdef Q_OS_UNIX
// QSaveFile fsyncs the file before the rename; this makes the rename itself durable.
void syncDirectory(const QString &dir) {
    const int fd = ::open(QFile::encodeName(dir).constData(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0)
        return;
    if (::fsync(fd) != 0)
        qCWarning(lcConfig).noquote() << "fsync of" << dir << "failed";
    ::close(fd);
}
#endif

} // namespace

QJsonObject ConfigWriter::toJson(const GatewayConfig &config, Redaction redaction) {
    QJsonObject listen{{u"public"_s, config.listen.publicAddress.toString()}};
    if (config.listen.api)
        listen.insert(u"api"_s, config.listen.api->toString());
    if (config.listen.http)
        listen.insert(u"http"_s, config.listen.http->toString());

    QJsonArray agents;
    for (const GatewayConfig::Agent &agent : config.agents)
        agents.append(QJsonObject{{u"id"_s, agent.id}, {u"secretFile"_s, agent.secretFile}});

    QJsonObject accounting{{u"retentionHours"_s, config.accounting.retentionHours}};
    if (!config.accounting.database.isEmpty())
        accounting.insert(u"database"_s, config.accounting.database);

    QJsonObject document{
        {u"name"_s, config.name},
        {u"listen"_s, listen},
        {u"tls"_s, QJsonObject{{u"cert"_s, config.tls.cert}, {u"key"_s, config.tls.key}}},
        {u"auth"_s, authJson(config.auth)},
        {u"targets"_s, targetsJson(config.targets)},
        {u"agents"_s, agents},
        {u"accounting"_s, accounting},
        {u"upstream"_s, QJsonObject{{u"connectTimeoutMs"_s, config.upstream.connectTimeoutMs},
                                    {u"responseTimeoutMs"_s, config.upstream.responseTimeoutMs},
                                    {u"maxIdlePerTarget"_s, config.upstream.maxIdlePerTarget}}},
        {u"limits"_s, QJsonObject{{u"maxSessions"_s, config.limits.maxSessions},
                                  {u"maxConnections"_s, config.limits.maxConnections},
                                  {u"headerTimeoutMs"_s, config.limits.headerTimeoutMs},
                                  {u"maxTunnelsPerToken"_s, config.limits.maxTunnelsPerToken}}},
    };
    if (!config.browser.sessionDomain.isEmpty())
        document.insert(u"browser"_s,
                        QJsonObject{{u"sessionDomain"_s, config.browser.sessionDomain}});
    if (!config.ingress.agentDomain.isEmpty())
        document.insert(u"ingress"_s, QJsonObject{{u"agentDomain"_s, config.ingress.agentDomain}});
    if (!config.groups.isEmpty())
        document.insert(u"groups"_s, groupsJson(config.groups));
    if (!config.api.tokenFile.isEmpty())
        document.insert(u"api"_s, QJsonObject{{u"tokenFile"_s, config.api.tokenFile}});
    return redaction == Redaction::Secrets ? redactSecrets(document) : document;
}

QByteArray ConfigWriter::toBytes(const GatewayConfig &config, Redaction redaction) {
    return QJsonDocument(toJson(config, redaction)).toJson(QJsonDocument::Indented);
}

QJsonObject ConfigWriter::redactSecrets(const QJsonObject &document) {
    return redactObject(document);
}

const QStringList &ConfigWriter::secretKeyNames() {
    static const QStringList names{u"secret"_s, u"password"_s, u"token"_s, u"privateKey"_s};
    return names;
}

QString ConfigWriter::redactedPlaceholder() {
    return u"<redacted>"_s;
}

pc::Expected<std::monostate, ConfigError>
ConfigWriter::saveAtomically(const QString &path, const GatewayConfig &config) {
    QSaveFile file(path);
    const auto fail = [&](const QString &what) {
        return pc::unexpected(ConfigError{QString(), what + u": "_s + file.errorString(), path});
    };
    if (!file.open(QIODevice::WriteOnly))
        return fail(u"cannot write"_s);
    const QByteArray bytes = toBytes(config, Redaction::None);
    if (file.write(bytes) != bytes.size())
        return fail(u"cannot write"_s);
    if (!file.commit())
        return fail(u"cannot replace"_s);
#ifdef Q_OS_UNIX
    syncDirectory(QFileInfo(path).absolutePath());
#endif
    qCInfo(lcConfig).noquote() << "saved configuration to" << path;
    return std::monostate();
}

} // namespace gw
