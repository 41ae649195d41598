#include "agents/agentservice.h"

#include "agent/agentwire.h"
#include "agents/agentregistry.h"
#include "agents/agentslog.h"
#include "server/gatewaycontext.h"
#include "tunnel/tunnelacceptor.h"
#include "tunnel/tunnelsession.h"
#include "tunnel/tunnelstream.h"
#include "tunnel/wstransport.h"

#include <QCryptographicHash>
#include <QSslSocket>
#include <QUrl>

using namespace Qt::StringLiterals;

namespace gw {

namespace {

pc::TunnelOptions agentTunnelOptions() {
    pc::TunnelOptions options;
    // The agent opens no streams toward us (the gateway opens them); one would be refused.
    options.limits.maxStreams = 1;
    options.software = u"gatewayd"_s;
    return options;
}

QHostAddress remoteOf(pc::TunnelSession *session) {
    if (auto *ws = qobject_cast<pc::WsTransport *>(session->transport()))
        return ws->peerAddress();
    return {};
}

} // namespace

AgentService::AgentService(std::shared_ptr<const pc::Clock> clock, QObject *parent)
    : QObject(parent)
    , m_authenticator(std::move(clock))
    , m_acceptor(new pc::TunnelAcceptor(agentTunnelOptions(), this))
    , m_registry(new AgentRegistry(this)) {
    connect(m_acceptor, &pc::TunnelAcceptor::sessionStarted, this, &AgentService::onSessionStarted);
    connect(
        m_acceptor, &pc::TunnelAcceptor::sessionResumed, this,
        [this](pc::TunnelSession *session) { m_registry->resumed(session, remoteOf(session)); });
}

AgentService::~AgentService() {
    m_registry->endAll(u"the gateway is shutting down"_s);
}

pc::Expected<AgentService::Grant, GatewayError> AgentService::admit(const pc::HttpRequestHead &head,
                                                                    const QHostAddress &arrivedAt,
                                                                    const GatewayContext &context) {
    auto grant = check(head, arrivedAt, context);
    if (!grant) {
        ++m_refusals[grant.error().error];
        qCInfo(lcAgents).noquote()
            << "agent connection refused:" << grant.error().error << "-" << grant.error().detail;
    }
    return grant;
}

pc::Expected<AgentService::Grant, GatewayError> AgentService::check(const pc::HttpRequestHead &head,
                                                                    const QHostAddress &arrivedAt,
                                                                    const GatewayContext &context) {
    if (head.method != "GET" || !head.isWebSocketUpgrade())
        return pc::unexpected(GatewayError{400, u"agent_bad_proof"_s,
                                           u"the agent endpoint is a WebSocket upgrade"_s});
    const QList<QByteArray> auth = head.headers.values("Authorization");
    if (auth.size() != 1)
        return pc::unexpected(GatewayError{400, u"agent_bad_proof"_s,
                                           u"the agent endpoint needs one Authorization field"_s});
    auto id = m_authenticator.check(auth.first().trimmed(), context.agentSecrets,
                                    context.config.name, arrivedAt);
    if (!id)
        return pc::unexpected(id.error());
    Grant grant{*id, {}, secretDigest(context.agentSecrets.value(*id))};
    const QByteArray publish = head.headers.value(pc::agentwire::kPublishHeader).trimmed();
    if (!publish.isEmpty()) {
        const QUrl url(QString::fromLatin1(publish), QUrl::StrictMode);
        if (publish.size() > 1024 || !url.isValid() || url.host().isEmpty() ||
            (url.scheme() != u"http" && url.scheme() != u"https"))
            return pc::unexpected(
                GatewayError{400, u"agent_bad_publish"_s,
                             u"Pm-Agent-Publish must be an http:// or https:// URL"_s});
        grant.publish = url.toString(QUrl::RemoveUserInfo); // no password in lists and logs
    }
    return grant;
}

void AgentService::adopt(QSslSocket *socket, const QByteArray &requestBytes, const Grant &grant) {
    m_pending.insert(grant.id, grant);
    m_acceptor->adoptUpgrade(socket, requestBytes, grant.id);
}

void AgentService::onSessionStarted(pc::TunnelSession *session, const QString &agentId) {
    // Streams are the gateway's to open: one the agent opens is refused.
    connect(session, &pc::TunnelSession::newStream, this, [](pc::TunnelStream *stream) {
        stream->cancel(pc::TunnelErrorCode::Refused, u"agents do not open streams"_s);
        stream->deleteLater();
    });
    const Grant grant = m_pending.value(agentId);
    m_registry->add(session, agentId, remoteOf(session), grant.publish, grant.secretDigest);
}

QByteArray AgentService::secretDigest(const QByteArray &secret) {
    return QCryptographicHash::hash(secret, QCryptographicHash::Sha256);
}

} // namespace gw
