#include "agent/agentlink.h"

#include "agent/agentlog.h"
#include "agent/agentoptions.h"
#include "agent/agentproof.h"
#include "agent/agentwire.h"
#include "tunnel/tunnelclient.h"
#include "tunnel/tunnelsession.h"
#include "util/version.h"

using namespace Qt::StringLiterals;

namespace gw {

namespace {

// The gateway opens the streams: allow many at once (each is one BMC connection).
constexpr quint32 kMaxStreams = 1024;
// A new session after one ended: the same capped, jittered backoff as a reconnect
// (README, "Agents": capped at 15 s).
constexpr int kRestartInitialMs = 1000;
constexpr int kRestartMaxMs = 15000;

QString describe(const QUrl &gateway) {
    return gateway.toString(QUrl::RemovePath);
}

} // namespace

AgentLink::AgentLink(const QUrl &gateway, std::shared_ptr<const AgentOptions> options,
                     QObject *parent)
    : QObject(parent)
    , m_gateway(gateway)
    , m_options(std::move(options))
    , m_restartPolicy({kRestartInitialMs, kRestartMaxMs, QDateTime()}) {
    m_restartTimer.setSingleShot(true);
    connect(&m_restartTimer, &QTimer::timeout, this, &AgentLink::startClient);
}

AgentLink::~AgentLink() {
    m_stopped = true;
}

void AgentLink::start() {
    m_stopped = false;
    startClient();
}

void AgentLink::stop() {
    m_stopped = true;
    m_restartTimer.stop();
    if (pc::TunnelClient *client = m_client.data()) {
        client->disconnect(this);
        client->stop();
        client->deleteLater();
    }
}

bool AgentLink::isEstablished() const {
    return m_client && m_client->isEstablished();
}

void AgentLink::startClient() {
    if (m_stopped)
        return;
    pc::TunnelClient::Options o;
    o.url = m_gateway;
    o.extraCas = m_options->extraCas;
    // A fresh proof for each attempt, for the host this link dialed. The secret stays
    // in this process (the proof is an HMAC over it).
    o.authorization = [options = m_options, host = m_gateway.host().toLower()] {
        const qint64 now = pc::Clock::system()->secsSinceEpoch();
        return pc::AgentProof::make(options->id, options->secret, now, host).header();
    };
    if (!m_options->publish.isEmpty())
        o.extraHeaders.append({pc::agentwire::kPublishHeader,
                               m_options->publish.toString(QUrl::FullyEncoded).toUtf8()});
    o.retryRefused = true; // validUntil stays null: an agent never stops trying
    o.tunnel.limits.maxStreams = kMaxStreams;
    o.tunnel.software = u"gatewayd-agent "_s + pc::productVersion();

    auto *client = new pc::TunnelClient(std::move(o), this);
    m_client = client;
    connect(client->session(), &pc::TunnelSession::newStream, this, &AgentLink::newStream);
    connect(client, &pc::TunnelClient::established, this, [this, client](bool resumed) {
        m_restartPolicy.reset();
        m_wasEstablished = true;
        m_refusals = 0;
        qCInfo(lcAgent).nospace().noquote()
            << "connected to " << describe(m_gateway) << " (session "
            << client->session()->sessionId() << (resumed ? ", resumed)" : ", new)");
    });
    connect(client, &pc::TunnelClient::refused, this, [this](int status) {
        if (m_refusals++ > 0)
            return; // once per streak: the client logs each attempt
        qCWarning(lcAgent).nospace().noquote()
            << describe(m_gateway) << " refuses this agent (HTTP " << status << "): is \""
            << m_options->id
            << "\" in its agents[] with the same secret, and are both clocks right (within "
               "60 s)? Trying again with backoff";
    });
    connect(client, &pc::TunnelClient::reconnecting, this, [this](const QString &why, int delayMs) {
        if (!m_wasEstablished)
            return; // the client logs each failed attempt itself
        m_wasEstablished = false;
        qCInfo(lcAgent).nospace().noquote() << "disconnected from " << describe(m_gateway) << " ("
                                            << why << "); reconnecting in " << delayMs << " ms";
    });
    connect(client, &pc::TunnelClient::failed, this,
            [this](const QString &reason, int) { clientFailed(reason); });
    client->start();
}

void AgentLink::clientFailed(const QString &reason) {
    if (pc::TunnelClient *client = m_client.data()) {
        client->disconnect(this);
        client->deleteLater();
    }
    m_client = nullptr;
    m_wasEstablished = false;
    if (m_stopped)
        return;
    const int delay = m_restartPolicy.nextDelayMs().value_or(kRestartMaxMs);
    qCInfo(lcAgent).nospace().noquote() << "session with " << describe(m_gateway) << " ended ("
                                        << reason << "); starting a new one in " << delay << " ms";
    m_restartTimer.start(delay);
}

} // namespace gw
