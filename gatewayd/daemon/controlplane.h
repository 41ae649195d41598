#pragma once

#include "accounting/trafficaccountant.h"
#include "config/gatewayconfig.h"
#include "metrics/gatewaymetrics.h"
#include "server/gatewayerror.h"
#include "server/gatewayserver.h"
#include "session/sessionregistry.h"
#include "util/expected.h"

#include <QObject>
#include <memory>

namespace gw {

class AgentService;
class IngressStats;
class ApiServer;
class GroupManager;

// The running daemon: the public GatewayServer, the live sessions, accounting, metrics
// and the management API, built from one configuration file, and apply(), which
// replaces the whole configuration atomically:
//   1. validate the document (ConfigLoader: a bad one changes nothing, 400 naming the key);
//   2. prepare everything it needs (keys, TLS, listeners, API token, database): a failure
//      changes nothing, 400; then bring the node groups to the new configuration (all or
//      nothing: a failure undoes what it did, 400 when a check refuses, e.g. a missing
//      capability, 500 when the system did);
//   3. save it to the configuration file (atomic write; failure: 500, nothing changed);
//   4. switch over: new connections use it, and live sessions it no longer allows
//      (a removed key, a revoked jti, a narrowed targets.allow, another name) are closed.
class ControlPlane : public QObject {
    Q_OBJECT
public:
    static pc::Expected<std::unique_ptr<ControlPlane>, QString> start(const QString &configPath,
                                                                      const GatewayConfig &config);
    ~ControlPlane() override;

    // Writes what sessions moved so far (SIGTERM path); the daemon may then exit.
    void shutdown();

    QString publicAddress() const;
    // listen.http's address; empty without it.
    QString httpAddress() const;
    // Empty without listen.api.
    QString apiAddress() const;

    const GatewayConfig &config() const { return m_config; }
    SessionRegistry &sessions() { return m_sessions; }
    TrafficAccountant &accountant() { return *m_accountant; }
    GatewayMetrics &metrics() { return m_metrics; }
    // The agents' endpoint and registry.
    AgentService *agents() const;
    // Node groups' ingress figures (per route: live connections, bytes).
    const IngressStats *ingress() const;
    // The running node groups (README, "Node groups").
    GroupManager *groups() const { return m_groups.get(); }

    struct Applied {
        int sessionsClosed = 0;
    };
    pc::Expected<Applied, GatewayError> apply(const QByteArray &document);

private:
    ControlPlane(QString configPath, GatewayConfig config);
    int closeRefusedSessions();

    QString m_configPath;
    GatewayConfig m_config;
    SessionRegistry m_sessions;
    GatewayMetrics m_metrics;
    std::unique_ptr<GatewayServer> m_server;
    std::unique_ptr<TrafficAccountant> m_accountant;
    std::unique_ptr<ApiServer> m_api;
    std::unique_ptr<GroupManager> m_groups;
};

} // namespace gw
