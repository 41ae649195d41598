#pragma once

#include "agents/agentauthenticator.h"
#include "http/httprequesthead.h"
#include "server/gatewayerror.h"
#include "util/clock.h"
#include "util/expected.h"

#include <QHash>
#include <QHostAddress>
#include <QObject>
#include <memory>

class QSslSocket;

namespace pc {
class TunnelAcceptor;
class TunnelSession;
} // namespace pc

namespace gw {

class AgentRegistry;
struct GatewayContext;

// The agents' endpoint, `GET /.pmproxy/agent` on the public listener (README, "Agents";
// docs/agents-protocol.md): a WebSocket upgrade carrying the agent's proof of identity,
// checked (AgentAuthenticator) before the upgrade is answered. An admitted connection
// carries one tunnel session in which the gateway opens the streams (AgentDialer); the
// agent resumes it after a cut within the grace period. Connected agents are listed in
// registry().
class AgentService : public QObject {
    Q_OBJECT
public:
    static constexpr QStringView kPath = u"/.pmproxy/agent";

    struct Grant {
        QString id;
        QString publish;         // the agent's --publish URL, or empty
        QByteArray secretDigest; // of the secret the agent proved itself with
    };
    // What Grant::secretDigest holds for SECRET.
    static QByteArray secretDigest(const QByteArray &secret);

    explicit AgentService(std::shared_ptr<const pc::Clock> clock = {}, QObject *parent = nullptr);
    ~AgentService() override;

    // Checks an upgrade request that arrived at local address ARRIVEDAT against the
    // configuration in CONTEXT. A refusal is counted by its reason.
    pc::Expected<Grant, GatewayError> admit(const pc::HttpRequestHead &head,
                                            const QHostAddress &arrivedAt,
                                            const GatewayContext &context);
    // SOCKET has delivered REQUESTBYTES (the admitted upgrade and anything after it).
    void adopt(QSslSocket *socket, const QByteArray &requestBytes, const Grant &grant);

    AgentRegistry *registry() const { return m_registry; }
    // Refused connections by reason (agent_unknown, agent_bad_signature, ...).
    const QHash<QString, quint64> &refusals() const { return m_refusals; }

private:
    pc::Expected<Grant, GatewayError> check(const pc::HttpRequestHead &head,
                                            const QHostAddress &arrivedAt,
                                            const GatewayContext &context);
    void onSessionStarted(pc::TunnelSession *session, const QString &agentId);

    AgentAuthenticator m_authenticator;
    pc::TunnelAcceptor *m_acceptor;
    AgentRegistry *m_registry;
    QHash<QString, Grant> m_pending; // agent id -> its latest admitted connection's grant
    QHash<QString, quint64> m_refusals;
};

} // namespace gw
