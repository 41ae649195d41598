#pragma once

#include "apiclient.h"
#include "gatewayfixture.h"
#include "netnssite.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QTemporaryDir>
#include <catch2/catch.hpp>
#include <memory>

// The agent tests' world (docs/agents-protocol.md, PRODUCT.md §6): a NetnsSite whose
// bmcsim listens on the site's BMC address, which the host cannot reach; gatewayd in the
// host's namespace (API on, agents[] naming "site-a", listening on every address at a port
// kept across restarts, its certificate naming the site's way to it); and `gatewayd agent`
// inside the site, dialing wss://<host side of the veth>:PORT and verifying the gateway
// with --ca.
class AgentSite {
public:
    static constexpr char kAgentId[] = "site-a";

    struct Options {
        QString platform = QStringLiteral("generic");
        bool compressingBmc = false;
        // The agent's --allow; empty: the site's BMC address only (/32).
        QStringList agentAllow;
        bool startAgent = true;
        QJsonObject config; // GatewayFixture::Options::config, merged last
    };
    explicit AgentSite(Options options);
    AgentSite()
        : AgentSite(Options{}) {}
    ~AgentSite();

    bool ok() const { return m_ok; }
    QString error() const { return m_error; }
    NetnsSite &site() { return m_site; }
    GatewayFixture &gw() { return *m_gw; }
    quint16 bmcPort() const { return m_bmcPort; }
    QString platform() const { return m_options.platform; }

    // A token for the site's BMC through the agent (CLAIMS override), and the same without
    // the agent claim.
    QByteArray mint(const QJsonObject &claims = {}) const;
    QByteArray mintWithoutAgent(const QJsonObject &claims = {}) const;

    // wss://<host side of the veth>:<gateway port>
    QString gatewayUrl() const;
    QString secretPath() const;
    QString secret() const { return QString::fromLatin1(m_secret); }
    QString caPath() const;

    // Starts `gatewayd agent` in the site (ID, SECRETFILE and --allow as given, or the
    // site's); the agent's handle in site(), or -1. The last one started is agent().
    int startAgent(const QString &id = QString::fromLatin1(kAgentId),
                   const QString &secretFile = {});
    int agent() const { return m_agent; }
    qint64 agentPid() const { return m_agent >= 0 ? m_site.pid(m_agent) : 0; }
    QString agentLog() const { return m_agent >= 0 ? m_site.log(m_agent) : QString(); }
    // Writes a secret file of CONTENT in the fixture's directory; its path.
    QString writeSecret(const QString &name, const QByteArray &content) const;

    ApiClient api() const { return ApiClient(m_gw->apiPort(), m_gw->apiToken()); }
    // GET /api/v1/agents (empty when it does not answer an array).
    QJsonArray agents() const;
    // The entry of agent ID in agents(): its attached connection's, else one waiting for
    // a resume ("state": "reconnecting"), else empty.
    QJsonObject agentEntry(const QString &id = QString::fromLatin1(kAgentId)) const;
    // Whether agent ID has an attached connection.
    bool isConnected(const QString &id = QString::fromLatin1(kAgentId)) const;
    // Waits until agent ID is connected (CONNECTED) or not; false after TIMEOUTMS.
    bool waitForAgent(bool connected = true, int timeoutMs = 30000,
                      const QString &id = QString::fromLatin1(kAgentId)) const;
    // The sum of the samples of metric NAME whose labels include every LABELS pair
    // (e.g. {"reason", "agent_unknown"}); 0 when there is none, -1 without /metrics.
    double metric(const QString &name, const QList<QPair<QString, QString>> &labels = {}) const;

    // What the agent, gatewayd and the BMC logged (the ends of each), for failure messages.
    std::string diagnostics();

private:
    Options m_options;
    NetnsSite m_site;
    QTemporaryDir m_dir;
    std::unique_ptr<GatewayFixture> m_gw;
    QByteArray m_secret;
    quint16 m_bmcPort = 0;
    int m_agent = -1;
    bool m_ok = false;
    QString m_error;
};

// The agent tests need root for their network namespaces (CI runs them as root). Without
// it a test says so in a "SKIPPED:" line (CTest reports it as skipped, not passed) and ends.
#define SKIP_WITHOUT_NETNS()                                                                       \
    do {                                                                                           \
        QString skipWhy_;                                                                          \
        if (!NetnsSite::supported(&skipWhy_)) {                                                    \
            WARN("SKIPPED: " << skipWhy_.toStdString());                                           \
            return;                                                                                \
        }                                                                                          \
    } while (false)

// Requires SITE (and its agent, when started) to be up; says why not.
#define REQUIRE_AGENT_SITE(site)                                                                   \
    do {                                                                                           \
        INFO((site).error().toStdString() << "\n" << (site).diagnostics());                        \
        REQUIRE((site).ok());                                                                      \
    } while (false)
