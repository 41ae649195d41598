#include "daemon/controlplane.h"

#include "agents/agentregistry.h"
#include "agents/agentservice.h"
#include "agents/publishedroute.h"
#include "api/apiserver.h"
#include "config/configloader.h"
#include "config/configwriter.h"
#include "config/targetpolicy.h"
#include "daemon/daemonlog.h"
#include "groups/groupmanager.h"
#include "groups/groupsockets.h"
#include "ingress/ingresssession.h"
#include "tunnelserver/tunnelservice.h"

#include <QFileInfo>
#include <algorithm>

using namespace Qt::StringLiterals;

namespace gw {

ControlPlane::ControlPlane(QString configPath, GatewayConfig config)
    : m_configPath(std::move(configPath))
    , m_config(std::move(config)) {}

ControlPlane::~ControlPlane() {
    m_api.reset();
    shutdown();
}

pc::Expected<std::unique_ptr<ControlPlane>, QString>
ControlPlane::start(const QString &configPath, const GatewayConfig &config) {
    std::unique_ptr<ControlPlane> plane(new ControlPlane(configPath, config));
    plane->m_sessions.setPolicy({config.auth.leewaySeconds, config.limits.maxSessions});
    auto store = TrafficStore::open(config.accounting.database);
    if (!store)
        return pc::unexpected(u"accounting.database: "_s + store.error());
    plane->m_accountant = std::make_unique<TrafficAccountant>(
        &plane->m_sessions, std::move(store).value(), config.accounting.retentionHours);
    GatewayServices services;
    services.sessions = &plane->m_sessions;
    services.metrics = &plane->m_metrics;
    // Connections to a group's nodes start inside the group's namespace.
    services.nodeSockets = &GroupSockets::openTcpSocket;
    auto server = GatewayServer::start(config, services);
    if (!server)
        return pc::unexpected(server.error());
    plane->m_server = std::move(server).value();
    plane->m_groups = std::make_unique<GroupManager>();
    // Without the capabilities (or with a group that cannot be made) the BMC features
    // run anyway; GET /api/v1/groups shows why, and an apply with groups is refused.
    if (auto groups = plane->m_groups->start(config.groups); !groups)
        qCCritical(lcDaemon).noquote() << "node groups not started:" << groups.error();
    if (config.listen.api) {
        auto token = ApiToken::fromFile(config.api.tokenFile);
        if (!token)
            return pc::unexpected(token.error());
        auto listener = ApiServer::listen(*config.listen.api, plane->m_server->tlsConfiguration());
        if (!listener)
            return pc::unexpected(listener.error());
        plane->m_api = std::make_unique<ApiServer>(plane.get(), std::move(token).value());
        plane->m_api->serve(std::move(listener).value());
    }
    return plane;
}

void ControlPlane::shutdown() {
    if (m_accountant)
        m_accountant->flush();
}

QString ControlPlane::httpAddress() const {
    return m_server->httpAddress();
}

QString ControlPlane::publicAddress() const {
    return m_server->publicAddress();
}

QString ControlPlane::apiAddress() const {
    return m_api ? m_api->address() : QString();
}

pc::Expected<ControlPlane::Applied, GatewayError> ControlPlane::apply(const QByteArray &document) {
    const auto refuse = [](const QString &detail) {
        qCInfo(lcDaemon).noquote() << "apply refused:" << detail;
        return pc::unexpected(GatewayError{400, u"invalid_config"_s, detail});
    };
    // 1. Validate.
    auto loaded = ConfigLoader::fromJson(document, QFileInfo(m_configPath).absolutePath());
    if (!loaded)
        return refuse(loaded.error().toString());
    const GatewayConfig config = std::move(loaded).value();

    // 2. Prepare everything; nothing changes yet.
    auto prepared = m_server->prepare(config);
    if (!prepared)
        return refuse(prepared.error());
    std::optional<ApiToken> token;
    std::unique_ptr<QTcpServer> apiListener;
    if (config.listen.api) {
        auto t = ApiToken::fromFile(config.api.tokenFile);
        if (!t)
            return refuse(t.error());
        token = std::move(t).value();
        if (!m_api || m_config.listen.api != config.listen.api) {
            auto listener = ApiServer::listen(*config.listen.api, prepared->tls);
            if (!listener)
                return refuse(listener.error());
            apiListener = std::move(listener).value();
        }
    }
    std::unique_ptr<TrafficStore> store;
    if (config.accounting.database != m_config.accounting.database) {
        auto opened = TrafficStore::open(config.accounting.database);
        if (!opened)
            return refuse(u"accounting.database: "_s + opened.error());
        store = std::move(opened).value();
    }

    const QList<GatewayConfig::Group> groupsBefore = m_groups->running();
    const bool groupsChange = config.groups != groupsBefore;
    if (groupsChange) {
        if (auto checked = m_groups->check(config.groups); !checked)
            return refuse(checked.error());
        if (auto applied = m_groups->apply(config.groups); !applied)
            return pc::unexpected(GatewayError{500, u"groups_not_applied"_s,
                                               u"nothing changed: "_s + applied.error()});
    }

    // 3. Persist.
    if (auto saved = ConfigWriter::saveAtomically(m_configPath, config); !saved) {
        if (groupsChange && !m_groups->apply(groupsBefore))
            qCWarning(lcDaemon) << "the node groups could not be put back as they were";
        return pc::unexpected(GatewayError{500, u"config_not_saved"_s,
                                           u"nothing changed: "_s + saved.error().toString()});
    }

    // 4. Switch over.
    m_server->commit(std::move(prepared).value());
    m_config = config;
    m_sessions.setPolicy({config.auth.leewaySeconds, config.limits.maxSessions});
    if (store)
        m_accountant->setStore(std::move(store));
    m_accountant->setRetentionHours(config.accounting.retentionHours);
    if (token && m_api) {
        m_api->setToken(std::move(*token));
        if (apiListener)
            m_api->serve(std::move(apiListener));
    } else if (token) {
        m_api = std::make_unique<ApiServer>(this, std::move(*token));
        m_api->serve(std::move(apiListener));
    } else if (m_api) {
        m_api->serve(nullptr); // listen.api removed: this answer is the API's last
    }
    const int closed = closeRefusedSessions();
    qCInfo(lcDaemon).noquote() << "configuration applied and saved to" << m_configPath << "-"
                               << closed << "session(s) closed";
    return Applied{closed};
}

AgentService *ControlPlane::agents() const {
    return m_server ? m_server->context()->services.agents : nullptr;
}

const IngressStats *ControlPlane::ingress() const {
    return m_server ? m_server->context()->services.ingress : nullptr;
}

int ControlPlane::closeRefusedSessions() {
    const std::shared_ptr<const GatewayContext> context = m_server->context();
    const TargetPolicy policy = TargetPolicy::forThisHost(m_config.targets);
    const QStringList &revoked = m_config.auth.revokedJti;
    const auto isAgent = [this](const QString &id) {
        return std::any_of(m_config.agents.cbegin(), m_config.agents.cend(),
                           [&id](const GatewayConfig::Agent &a) { return a.id == id; });
    };
    const auto allowed = [&](const QString &token, const QString &jti,
                             const QHostAddress &address) {
        if (!jti.isEmpty() && revoked.contains(jti))
            return false;
        // A token that merely expired during a session was valid when it was admitted (the
        // verifier checks the signature, and so the key, before the time window); the
        // session ends at exp + leeway by itself.
        auto admitted = context->gate.admit(token);
        if (!admitted && admitted.error().error != u"token_expired")
            return false;
        return address.isNull() || policy.isAllowed(address);
    };
    int closed = m_sessions.endRefused([&](const QString &token, const SessionIdentity &identity) {
        if (const auto agent = PublishedRoute::agentOfSession(token)) // an agent's service
            return !m_config.ingress.agentDomain.isEmpty() && isAgent(*agent);
        if (const auto route = IngressSession::routeOfSession(token)) // ingress
            return context->routes->route(route->second).has_value() &&
                   context->routes->route(route->second)->group == route->first;
        return allowed(token, identity.jti, identity.address);
    });
    if (TunnelService *tunnels = context->services.tunnels) {
        // Tunnels with no stream open belong to no live session: checked on their own.
        closed += tunnels->endRefused([&](const TunnelGrant &grant) {
            return allowed(grant.token, grant.jti, grant.address);
        });
    }
    if (AgentService *agents = context->services.agents) {
        // A removed agent's connections end (and with them the BMC connections through it),
        // and so do those proved with a secret that was changed (a leaked one, rotated).
        const int ended = agents->registry()->endRefused(
            [&context](const QString &id, const QByteArray &secretDigest) {
                const auto secret = context->agentSecrets.constFind(id);
                return secret != context->agentSecrets.cend() &&
                       AgentService::secretDigest(*secret) == secretDigest;
            });
        if (ended)
            qCInfo(lcDaemon) << ended
                             << "agent connection(s) ended: removed, or their secret changed";
    }
    return closed;
}

} // namespace gw
