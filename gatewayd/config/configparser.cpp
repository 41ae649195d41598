#include "config/configparser.h"

#include "agent/agentproof.h"
#include "config/authsection.h"
#include "config/dnsname.h"
#include "config/groupssection.h"
#include "config/ipliteral.h"
#include "config/targetssection.h"

#include <QJsonArray>
#include <QRegularExpression>
#include <algorithm>
#include <utility>

using namespace Qt::StringLiterals;

namespace gw {

namespace {

QString quoted(const QString &text) {
    return u"\""_s + text + u"\""_s;
}

bool isUnspecified(const QHostAddress &a) {
    return a == QHostAddress(QHostAddress::AnyIPv4) || a == QHostAddress(QHostAddress::AnyIPv6);
}

} // namespace

ConfigParser::ConfigParser(QString baseDir)
    : m_files(std::move(baseDir)) {}

pc::Expected<GatewayConfig, ConfigError> ConfigParser::parse(const QJsonObject &root) {
    std::optional<ConfigError> error;
    GatewayConfig config;
    JsonObjectReader reader(root, QString(),
                            {u"name"_s, u"listen"_s, u"tls"_s, u"auth"_s, u"api"_s, u"targets"_s,
                             u"agents"_s, u"accounting"_s, u"upstream"_s, u"limits"_s, u"browser"_s,
                             u"ingress"_s, u"groups"_s},
                            error);
    parseName(reader, config);
    parseListen(reader, config);
    parseTls(reader, config);
    AuthSection::parse(reader, m_files, config.auth);
    parseApi(reader, config);
    TargetsSection::parse(reader, config.targets);
    parseAgents(reader, config);
    parseAccounting(reader, config);
    parseTuning(reader, config);
    parseBrowser(reader, config);
    parseIngress(reader, config);
    GroupsSection::parse(reader, m_files, config);
    if (error)
        return pc::unexpected(*error);
    return config;
}

void ConfigParser::parseName(JsonObjectReader &root, GatewayConfig &config) {
    const std::optional<QString> name = root.string(u"name"_s, Presence::Required);
    if (name && !DnsName::isHostName(*name) && !IpLiteral::parse(*name))
        root.fail(u"name"_s, quoted(*name) + u" is not a host name; expected the gateway's own "
                                             u"name without scheme or port, e.g. "
                                             u"\"gw1.example.com\""_s);
    config.name = name.value_or(QString());
}

void ConfigParser::parseListen(JsonObjectReader &root, GatewayConfig &config) {
    JsonObjectReader listen =
        root.child(u"listen"_s, Presence::Required, {u"public"_s, u"api"_s, u"http"_s});
    for (const QString &key : {u"public"_s, u"api"_s, u"http"_s}) {
        const bool isPublic = key == u"public"_s;
        const std::optional<QString> text =
            listen.string(key, isPublic ? Presence::Required : Presence::Optional);
        const auto address = HostPort::parse(text.value_or(QString()), HostPort::Port::Required);
        if (text && !address)
            listen.fail(listen.keyPath(key), address.error());
        if (!text || !address)
            continue;
        if (isPublic)
            config.listen.publicAddress = *address;
        else if (key == u"api"_s)
            config.listen.api = *address;
        else
            config.listen.http = *address;
    }
    if (listen.failed())
        return;
    const auto clash = [](const HostPort &a, const HostPort &b) {
        return a.port == b.port && a.port != 0 &&
               (a.address == b.address || isUnspecified(a.address) || isUnspecified(b.address));
    };
    const HostPort &pub = config.listen.publicAddress;
    if (config.listen.api && clash(*config.listen.api, pub))
        listen.fail(listen.keyPath(u"api"_s), u"uses the same port as listen.public ("_s +
                                                  pub.toString() +
                                                  u"); give the management API its own port"_s);
    if (config.listen.http && clash(*config.listen.http, pub))
        listen.fail(listen.keyPath(u"http"_s), u"uses the same port as listen.public ("_s +
                                                   pub.toString() +
                                                   u"); give the HTTP ingress its own port"_s);
    if (config.listen.http && config.listen.api && clash(*config.listen.http, *config.listen.api))
        listen.fail(listen.keyPath(u"http"_s), u"uses the same port as listen.api ("_s +
                                                   config.listen.api->toString() +
                                                   u"); give the HTTP ingress its own port"_s);
}

void ConfigParser::parseTls(JsonObjectReader &root, GatewayConfig &config) {
    JsonObjectReader tls = root.child(u"tls"_s, Presence::Required, {u"cert"_s, u"key"_s});
    config.tls.cert = m_files.readableFile(tls, u"cert"_s, Presence::Required).value_or(QString());
    config.tls.key = m_files.readableFile(tls, u"key"_s, Presence::Required).value_or(QString());
}

void ConfigParser::parseApi(JsonObjectReader &root, GatewayConfig &config) {
    JsonObjectReader api = root.child(u"api"_s, Presence::Optional, {u"tokenFile"_s});
    if (config.listen.api && !api.has(u"tokenFile"_s))
        api.fail(api.keyPath(u"tokenFile"_s), u"required when listen.api is set (the API "
                                              u"accepts only this bearer token)"_s);
    config.api.tokenFile =
        m_files.readableFile(api, u"tokenFile"_s, Presence::Optional).value_or(QString());
}

void ConfigParser::parseAgents(JsonObjectReader &root, GatewayConfig &config) {
    const std::optional<QJsonArray> agents = root.array(u"agents"_s, Presence::Optional);
    for (qsizetype i = 0; agents && i < agents->size() && !root.failed(); ++i) {
        const QString path = u"agents["_s + QString::number(i) + u"]"_s;
        JsonObjectReader agent = root.element(agents->at(i), path, {u"id"_s, u"secretFile"_s});
        GatewayConfig::Agent result;
        result.id = agent.string(u"id"_s, Presence::Required).value_or(QString());
        if (!agent.failed() && !pc::AgentProof::isValidId(result.id))
            agent.fail(agent.keyPath(u"id"_s),
                       quoted(result.id) + u" is not a valid agent id (letters, digits, \".\", "
                                           u"\"_\", \"-\"; at most 64)"_s);
        for (const GatewayConfig::Agent &other : std::as_const(config.agents)) {
            if (!agent.failed() && other.id == result.id)
                agent.fail(agent.keyPath(u"id"_s), u"duplicate agent id "_s + quoted(result.id));
        }
        result.secretFile =
            m_files.readableFile(agent, u"secretFile"_s, Presence::Required).value_or(QString());
        config.agents << result;
    }
}

void ConfigParser::parseAccounting(JsonObjectReader &root, GatewayConfig &config) {
    JsonObjectReader accounting =
        root.child(u"accounting"_s, Presence::Optional, {u"database"_s, u"retentionHours"_s});
    config.accounting.database =
        m_files.creatableFile(accounting, u"database"_s, Presence::Optional).value_or(QString());
    config.accounting.retentionHours =
        accounting.integer(u"retentionHours"_s, 24, 1, 24 * 365 * 10);
}

void ConfigParser::parseTuning(JsonObjectReader &root, GatewayConfig &config) {
    JsonObjectReader upstream =
        root.child(u"upstream"_s, Presence::Optional,
                   {u"connectTimeoutMs"_s, u"responseTimeoutMs"_s, u"maxIdlePerTarget"_s});
    config.upstream.connectTimeoutMs = upstream.integer(u"connectTimeoutMs"_s, 10000, 1, 600000);
    config.upstream.responseTimeoutMs = upstream.integer(u"responseTimeoutMs"_s, 60000, 1, 3600000);
    config.upstream.maxIdlePerTarget = upstream.integer(u"maxIdlePerTarget"_s, 32, 0, 1000);

    JsonObjectReader limits = root.child(
        u"limits"_s, Presence::Optional,
        {u"maxSessions"_s, u"maxConnections"_s, u"headerTimeoutMs"_s, u"maxTunnelsPerToken"_s});
    config.limits.maxSessions = limits.integer(u"maxSessions"_s, 1000, 1, 1000000);
    config.limits.maxConnections = limits.integer(u"maxConnections"_s, 10000, 1, 1000000);
    config.limits.headerTimeoutMs = limits.integer(u"headerTimeoutMs"_s, 10000, 100, 600000);
    config.limits.maxTunnelsPerToken = limits.integer(u"maxTunnelsPerToken"_s, 4, 1, 1000);
}

void ConfigParser::parseBrowser(JsonObjectReader &root, GatewayConfig &config) {
    JsonObjectReader browser = root.child(u"browser"_s, Presence::Optional, {u"sessionDomain"_s});
    config.browser.sessionDomain =
        wildcardDomain(browser, u"sessionDomain"_s, u"sessions.gw1.example.com"_s);
}

void ConfigParser::parseIngress(JsonObjectReader &root, GatewayConfig &config) {
    JsonObjectReader ingress = root.child(u"ingress"_s, Presence::Optional, {u"agentDomain"_s});
    config.ingress.agentDomain =
        wildcardDomain(ingress, u"agentDomain"_s, u"agents.gw1.example.com"_s);
    // Names under it are agents' services: none of the gateway's own names may be.
    const QString &domain = config.ingress.agentDomain;
    const auto within = DnsName::isWithin;
    const QString &sessions = config.browser.sessionDomain;
    if (!domain.isEmpty() && !ingress.failed() &&
        (within(config.name.toLower(), domain) || within(sessions, domain) ||
         within(domain, sessions)))
        ingress.fail(ingress.keyPath(u"agentDomain"_s),
                     quoted(domain) + u" overlaps the gateway's own names (name, "
                                      u"browser.sessionDomain); use a domain of its own, e.g. "
                                      u"\"agents.example.net\""_s);
}

QString ConfigParser::wildcardDomain(JsonObjectReader &section, const QString &key,
                                     const QString &example) {
    const std::optional<QString> domain = section.string(key, Presence::Optional);
    if (!domain)
        return {};
    QString name = domain->toLower();
    if (name.endsWith(u'.'))
        name.chop(1);
    // Names under it are <label>.<domain>: a DNS name of at least two labels that is not
    // an address (a wildcard certificate cannot cover an IP literal).
    if (!DnsName::isHostName(name) || IpLiteral::parse(name) || !name.contains(u'.'))
        section.fail(section.keyPath(key),
                     quoted(*domain) + u" is not a DNS domain; expected e.g. \""_s + example +
                         u"\" (with a wildcard DNS name and certificate for *."_s + example +
                         u")"_s);
    return name;
}

} // namespace gw
