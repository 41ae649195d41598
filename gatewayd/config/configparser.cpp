#include "config/configparser.h"

#include "config/configloader.h"
#include "config/configlog.h"
#include "config/ipliteral.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QRegularExpression>
#include <QSet>
#include <algorithm>
#include <utility>

using namespace Qt::StringLiterals;

namespace gw {

namespace {

QString quoted(const QString &text) {
    return u"\""_s + text + u"\""_s;
}

QString indexPath(const QString &path, qsizetype index) {
    return path + u"["_s + QString::number(index) + u"]"_s;
}

bool isHostName(const QString &name) {
    static const QRegularExpression label(u"^[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?$"_s);
    if (name.size() > 253)
        return false;
    const QStringList labels = name.split(u'.');
    return std::all_of(labels.begin(), labels.end(),
                       [](const QString &l) { return label.match(l).hasMatch(); });
}

std::optional<QByteArray> parseFingerprint(QString text) {
    text.remove(u':');
    static const QRegularExpression hex(u"^[0-9A-Fa-f]{64}$"_s);
    if (!hex.match(text).hasMatch())
        return std::nullopt;
    return QByteArray::fromHex(text.toLatin1());
}

bool isUnspecified(const QHostAddress &a) {
    return a == QHostAddress(QHostAddress::AnyIPv4) || a == QHostAddress(QHostAddress::AnyIPv6);
}

} // namespace

ConfigParser::ConfigParser(QString baseDir)
    : m_baseDir(std::move(baseDir)) {}

pc::Expected<GatewayConfig, ConfigError> ConfigParser::parse(const QJsonObject &root) {
    m_error.reset();
    GatewayConfig config;
    JsonObjectReader reader(root, QString(),
                            {u"name"_s, u"listen"_s, u"tls"_s, u"auth"_s, u"api"_s, u"targets"_s,
                             u"agents"_s, u"accounting"_s, u"upstream"_s, u"limits"_s},
                            m_error);
    parseName(reader, config);
    parseListen(reader, config);
    parseTls(reader, config);
    parseAuth(reader, config);
    parseApi(reader, config);
    parseTargets(reader, config);
    parseAgents(reader, config);
    parseAccounting(reader, config);
    parseTuning(reader, config);
    if (m_error)
        return pc::unexpected(*m_error);
    return config;
}

JsonObjectReader ConfigParser::section(JsonObjectReader &parent, const QString &key,
                                       Presence presence, const QStringList &knownKeys) {
    const std::optional<QJsonObject> object = parent.object(key, presence);
    return JsonObjectReader(object.value_or(QJsonObject()), parent.keyPath(key), knownKeys,
                            m_error);
}

void ConfigParser::parseName(JsonObjectReader &root, GatewayConfig &config) {
    const std::optional<QString> name = root.string(u"name"_s, Presence::Required);
    if (!name)
        return;
    if (!isHostName(*name) && !IpLiteral::parse(*name)) {
        root.fail(u"name"_s, quoted(*name) + u" is not a host name; expected the gateway's own "
                                             u"name without scheme or port, e.g. "
                                             u"\"gw1.example.com\""_s);
        return;
    }
    config.name = *name;
}

void ConfigParser::parseListen(JsonObjectReader &root, GatewayConfig &config) {
    JsonObjectReader listen =
        section(root, u"listen"_s, Presence::Required, {u"public"_s, u"api"_s});
    for (const QString &key : {u"public"_s, u"api"_s}) {
        const bool isPublic = key == u"public"_s;
        const std::optional<QString> text =
            listen.string(key, isPublic ? Presence::Required : Presence::Optional);
        if (!text)
            continue;
        const auto address = HostPort::parse(*text, HostPort::Port::Required);
        if (!address) {
            listen.fail(listen.keyPath(key), address.error());
            return;
        }
        if (isPublic)
            config.listen.publicAddress = *address;
        else
            config.listen.api = *address;
    }
    if (listen.failed() || !config.listen.api)
        return;
    const HostPort &pub = config.listen.publicAddress;
    const HostPort &api = *config.listen.api;
    if (api.port == pub.port && *api.port != 0 &&
        (api.address == pub.address || isUnspecified(api.address) || isUnspecified(pub.address))) {
        listen.fail(listen.keyPath(u"api"_s), u"uses the same port as listen.public ("_s +
                                                  pub.toString() +
                                                  u"); give the management API its own port"_s);
    }
}

void ConfigParser::parseTls(JsonObjectReader &root, GatewayConfig &config) {
    JsonObjectReader tls = section(root, u"tls"_s, Presence::Required, {u"cert"_s, u"key"_s});
    config.tls.cert = readableFile(tls, u"cert"_s, Presence::Required).value_or(QString());
    config.tls.key = readableFile(tls, u"key"_s, Presence::Required).value_or(QString());
}

void ConfigParser::parseAuth(JsonObjectReader &root, GatewayConfig &config) {
    JsonObjectReader auth =
        section(root, u"auth"_s, Presence::Required,
                {u"keys"_s, u"leewaySeconds"_s, u"requireUpstreamMatch"_s, u"revokedJti"_s});
    const std::optional<QJsonArray> keys = auth.array(u"keys"_s, Presence::Required);
    if (keys && keys->isEmpty())
        auth.fail(auth.keyPath(u"keys"_s), u"needs at least one key"_s);
    for (qsizetype i = 0; keys && i < keys->size() && !auth.failed(); ++i)
        parseKey(auth, keys->at(i), indexPath(auth.keyPath(u"keys"_s), i), config);

    config.auth.leewaySeconds = auth.integer(u"leewaySeconds"_s, 30, 0, 3600);
    config.auth.requireUpstreamMatch = auth.boolean(u"requireUpstreamMatch"_s, true);
    const std::optional<QJsonArray> revoked = auth.array(u"revokedJti"_s, Presence::Optional);
    for (qsizetype i = 0; revoked && i < revoked->size(); ++i) {
        const auto jti =
            auth.stringValue(revoked->at(i), indexPath(auth.keyPath(u"revokedJti"_s), i));
        if (jti)
            config.auth.revokedJti << *jti;
    }
}

void ConfigParser::parseKey(JsonObjectReader &parent, const QJsonValue &value, const QString &path,
                            GatewayConfig &config) {
    using Source = GatewayConfig::KeySource;
    const QList<Source> sources{Source::SecretFile, Source::PublicKeyFile, Source::JwksFile};
    QStringList known{u"kid"_s, u"alg"_s};
    for (Source s : sources)
        known << GatewayConfig::keySourceName(s);
    JsonObjectReader key(parent.objectValue(value, path).value_or(QJsonObject()), path, known,
                         m_error);

    GatewayConfig::AuthKey result;
    result.kid = key.string(u"kid"_s, Presence::Required).value_or(QString());
    for (const GatewayConfig::AuthKey &other : std::as_const(config.auth.keys)) {
        if (!key.failed() && other.kid == result.kid)
            key.fail(key.keyPath(u"kid"_s),
                     u"duplicate kid "_s + quoted(result.kid) + u": kids must be unique"_s);
    }
    result.alg = key.string(u"alg"_s, Presence::Required).value_or(QString());
    const QStringList &algs = ConfigLoader::supportedAlgorithms();
    if (!key.failed() && !algs.contains(result.alg))
        key.fail(key.keyPath(u"alg"_s), u"unsupported algorithm "_s + quoted(result.alg) +
                                            u" (expected one of "_s + algs.join(u", "_s) + u")"_s);

    QList<Source> given;
    for (Source s : sources) {
        if (key.has(GatewayConfig::keySourceName(s)))
            given << s;
    }
    if (!key.failed() && given.size() != 1) {
        key.fail(path, u"needs exactly one of secretFile, publicKeyFile, jwksFile (has "_s +
                           QString::number(given.size()) + u")"_s);
        return;
    }
    if (key.failed())
        return;
    result.source = given.first();
    const QString sourceName = GatewayConfig::keySourceName(result.source);
    const bool hmac = result.alg.startsWith(u"HS"_s);
    if (hmac && result.source != Source::SecretFile) {
        key.fail(key.keyPath(sourceName), result.alg +
                                              u" is an HMAC algorithm and needs "
                                              u"secretFile, not "_s +
                                              sourceName);
        return;
    }
    if (!hmac && result.source == Source::SecretFile) {
        key.fail(key.keyPath(sourceName), result.alg + u" is a public-key algorithm and needs "
                                                       u"publicKeyFile or jwksFile, not "
                                                       u"secretFile"_s);
        return;
    }
    result.file = readableFile(key, sourceName, Presence::Required).value_or(QString());
    config.auth.keys << result;
}

void ConfigParser::parseApi(JsonObjectReader &root, GatewayConfig &config) {
    JsonObjectReader api = section(root, u"api"_s, Presence::Optional, {u"tokenFile"_s});
    const bool needed = config.listen.api.has_value();
    if (needed && !api.has(u"tokenFile"_s)) {
        api.fail(api.keyPath(u"tokenFile"_s), u"required when listen.api is set (the API "
                                              u"accepts only this bearer token)"_s);
        return;
    }
    config.api.tokenFile =
        readableFile(api, u"tokenFile"_s, Presence::Optional).value_or(QString());
}

void ConfigParser::parseTargets(JsonObjectReader &root, GatewayConfig &config) {
    JsonObjectReader targets =
        section(root, u"targets"_s, Presence::Required, {u"allow"_s, u"verifyTls"_s, u"pins"_s});
    const std::optional<QJsonArray> allow = targets.array(u"allow"_s, Presence::Required);
    for (qsizetype i = 0; allow && i < allow->size() && !targets.failed(); ++i) {
        const QString path = indexPath(targets.keyPath(u"allow"_s), i);
        const std::optional<QString> text = targets.stringValue(allow->at(i), path);
        if (!text)
            break;
        const auto subnet = Subnet::parse(*text);
        if (!subnet) {
            targets.fail(path, subnet.error());
            break;
        }
        config.targets.allow << *subnet;
    }
    if (allow && allow->isEmpty())
        qCWarning(lcConfig) << "targets.allow is empty: every token will be refused";
    config.targets.verifyTls = targets.boolean(u"verifyTls"_s, false);
    parsePins(targets, config);
}

void ConfigParser::parsePins(JsonObjectReader &targets, GatewayConfig &config) {
    const std::optional<QJsonObject> pins = targets.object(u"pins"_s, Presence::Optional);
    if (!pins)
        return;
    QSet<QString> seen;
    for (auto it = pins->begin(); it != pins->end() && !targets.failed(); ++it) {
        const QString path = targets.keyPath(u"pins"_s) + u"["_s + quoted(it.key()) + u"]"_s;
        const auto target = HostPort::parse(it.key(), HostPort::Port::Optional);
        if (!target) {
            targets.fail(path, target.error());
            return;
        }
        const std::optional<QString> text = targets.stringValue(it.value(), path);
        if (!text)
            return;
        const std::optional<QByteArray> sha256 = parseFingerprint(*text);
        if (!sha256) {
            targets.fail(path, u"expected a SHA-256 fingerprint: 64 hex digits, colons "
                               u"optional"_s);
            return;
        }
        if (seen.contains(target->toString())) {
            targets.fail(path, u"pins "_s + target->toString() + u" twice"_s);
            return;
        }
        seen.insert(target->toString());
        config.targets.pins << GatewayConfig::TargetPin{*target, *sha256};
        const auto &allow = config.targets.allow;
        if (std::none_of(allow.begin(), allow.end(),
                         [&](const Subnet &s) { return s.contains(target->address); }))
            qCWarning(lcConfig).noquote()
                << path << "pins a target outside targets.allow; it can never be used";
    }
    std::sort(config.targets.pins.begin(), config.targets.pins.end(),
              [](const GatewayConfig::TargetPin &a, const GatewayConfig::TargetPin &b) {
                  return a.target.toString() < b.target.toString();
              });
}

void ConfigParser::parseAgents(JsonObjectReader &root, GatewayConfig &config) {
    static const QRegularExpression idPattern(u"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$"_s);
    const std::optional<QJsonArray> agents = root.array(u"agents"_s, Presence::Optional);
    for (qsizetype i = 0; agents && i < agents->size() && !root.failed(); ++i) {
        const QString path = indexPath(u"agents"_s, i);
        JsonObjectReader agent(root.objectValue(agents->at(i), path).value_or(QJsonObject()), path,
                               {u"id"_s, u"secretFile"_s}, m_error);
        GatewayConfig::Agent result;
        result.id = agent.string(u"id"_s, Presence::Required).value_or(QString());
        if (!agent.failed() && !idPattern.match(result.id).hasMatch())
            agent.fail(agent.keyPath(u"id"_s),
                       quoted(result.id) + u" is not a valid agent id (letters, digits, \".\", "
                                           u"\"_\", \"-\"; at most 64)"_s);
        for (const GatewayConfig::Agent &other : std::as_const(config.agents)) {
            if (!agent.failed() && other.id == result.id)
                agent.fail(agent.keyPath(u"id"_s), u"duplicate agent id "_s + quoted(result.id));
        }
        result.secretFile =
            readableFile(agent, u"secretFile"_s, Presence::Required).value_or(QString());
        config.agents << result;
    }
}

void ConfigParser::parseAccounting(JsonObjectReader &root, GatewayConfig &config) {
    JsonObjectReader accounting =
        section(root, u"accounting"_s, Presence::Optional, {u"database"_s, u"retentionHours"_s});
    if (const auto database = accounting.string(u"database"_s, Presence::Optional)) {
        const QString path = resolve(*database);
        const QFileInfo info(path);
        if (info.isDir())
            accounting.fail(accounting.keyPath(u"database"_s),
                            u"is a directory, expected a database file: "_s + path);
        else if (!info.absoluteDir().exists())
            accounting.fail(accounting.keyPath(u"database"_s),
                            u"directory does not exist: "_s + info.absolutePath());
        config.accounting.database = path;
    }
    config.accounting.retentionHours =
        accounting.integer(u"retentionHours"_s, 24, 1, 24 * 365 * 10);
}

void ConfigParser::parseTuning(JsonObjectReader &root, GatewayConfig &config) {
    JsonObjectReader upstream =
        section(root, u"upstream"_s, Presence::Optional,
                {u"connectTimeoutMs"_s, u"responseTimeoutMs"_s, u"maxIdlePerTarget"_s});
    config.upstream.connectTimeoutMs = upstream.integer(u"connectTimeoutMs"_s, 10000, 1, 600000);
    config.upstream.responseTimeoutMs = upstream.integer(u"responseTimeoutMs"_s, 60000, 1, 3600000);
    config.upstream.maxIdlePerTarget = upstream.integer(u"maxIdlePerTarget"_s, 4, 0, 1000);

    JsonObjectReader limits = section(root, u"limits"_s, Presence::Optional, {u"maxSessions"_s});
    config.limits.maxSessions = limits.integer(u"maxSessions"_s, 1000, 1, 1000000);
}

QString ConfigParser::resolve(const QString &path) const {
    const QDir base(m_baseDir.isEmpty() ? QDir::currentPath() : m_baseDir);
    return QDir::cleanPath(base.absoluteFilePath(path));
}

std::optional<QString> ConfigParser::readableFile(JsonObjectReader &reader, const QString &key,
                                                  Presence presence) {
    const std::optional<QString> text = reader.string(key, presence);
    if (!text)
        return std::nullopt;
    const QString path = resolve(*text);
    const QFileInfo info(path);
    QString problem;
    QFile file(path);
    if (!info.exists())
        problem = u"file not found: "_s + path;
    else if (info.isDir())
        problem = u"is a directory, expected a file: "_s + path;
    else if (!info.isFile())
        problem = u"not a regular file: "_s + path;
    else if (!file.open(QIODevice::ReadOnly))
        problem = u"cannot read "_s + path + u": "_s + file.errorString();
    else if (info.size() == 0)
        problem = u"file is empty: "_s + path;
    if (!problem.isEmpty()) {
        reader.fail(reader.keyPath(key), problem);
        return std::nullopt;
    }
    return path;
}

} // namespace gw
