#include "tunnel/tunnelclient.h"

#include "tunnel/tunnellog.h"
#include "tunnel/tunnelsession.h"
#include "tunnel/wsclientconnector.h"
#include "tunnel/wstransport.h"

using namespace Qt::StringLiterals;

namespace pc {

TunnelClient::TunnelClient(Options options, QObject *parent)
    : QObject(parent)
    , m_options(std::move(options))
    , m_policy({m_options.initialBackoffMs, m_options.maxBackoffMs, m_options.validUntil},
               m_options.clock)
    , m_session(new TunnelSession(TunnelSession::Role::Client, m_options.tunnel, this)) {
    m_connectTimer.setSingleShot(true);
    connect(&m_connectTimer, &QTimer::timeout, this, [this] {
        attemptFailed(u"no connection within %1 ms"_s.arg(m_options.connectTimeoutMs), 0);
    });
    m_retryTimer.setSingleShot(true);
    connect(&m_retryTimer, &QTimer::timeout, this, &TunnelClient::attempt);
    connect(m_session, &TunnelSession::established, this, [this](bool resumed) {
        m_policy.reset();
        Q_EMIT established(resumed);
    });
    connect(m_session, &TunnelSession::detached, this, &TunnelClient::retry);
    connect(m_session, &TunnelSession::terminated, this, [this](const TunnelError &error) {
        if (!m_stopped)
            giveUp(error.toString(), error.code == TunnelErrorCode::Unauthorized ? 401 : 0);
    });
}

TunnelClient::~TunnelClient() {
    m_stopped = true;
}

bool TunnelClient::isEstablished() const {
    return m_session->state() == TunnelSession::State::Attached;
}

void TunnelClient::start() {
    m_stopped = false;
    attempt();
}

void TunnelClient::stop() {
    m_stopped = true;
    m_retryTimer.stop();
    m_connectTimer.stop();
    if (WsClientConnector *c = m_connector.data()) {
        c->disconnect(this);
        c->deleteLater();
    }
    m_session->close(u"the client stopped"_s);
}

void TunnelClient::attempt() {
    if (m_stopped)
        return;
    if (m_policy.expired()) {
        giveUp(u"the token has expired"_s, 0);
        return;
    }
    ++m_attempts;
    QList<QPair<QByteArray, QByteArray>> headers;
    headers.append({"Authorization", m_options.authorization ? m_options.authorization()
                                                             : "Bearer " + m_options.token});
    headers.append(m_options.extraHeaders);
    auto *connector =
        new WsClientConnector({m_options.url, m_options.extraCas, std::move(headers)}, this);
    m_connector = connector;
    connect(connector, &WsClientConnector::succeeded, this, &TunnelClient::upgraded);
    connect(connector, &WsClientConnector::failed, this, &TunnelClient::attemptFailed);
    m_connectTimer.start(m_options.connectTimeoutMs);
    connector->start();
}

void TunnelClient::upgraded(QSslSocket *socket, const QByteArray &firstBytes) {
    m_connectTimer.stop();
    if (WsClientConnector *c = m_connector.data()) {
        c->disconnect(this);
        c->deleteLater();
    }
    m_connector = nullptr;
    auto *transport =
        new WsTransport(socket, WsTransport::Role::Client,
                        qint64(m_options.tunnel.limits.maxEnvelopeBytes), firstBytes, this);
    m_session->connectTransport(transport);
}

void TunnelClient::attemptFailed(const QString &why, int httpStatus) {
    WsClientConnector *connector = m_connector.data();
    if (!connector)
        return;
    m_connectTimer.stop();
    connector->disconnect(this);
    connector->deleteLater();
    m_connector = nullptr;
    if (httpStatus == 401 || httpStatus == 403) {
        if (!m_options.retryRefused) {
            giveUp(u"the gateway refused the token (HTTP %1)"_s.arg(httpStatus), httpStatus);
            return;
        }
        Q_EMIT refused(httpStatus);
    }
    retry(why);
}

void TunnelClient::retry(const QString &why) {
    if (m_stopped || m_retryTimer.isActive())
        return;
    const std::optional<int> delay = m_policy.nextDelayMs();
    if (!delay) {
        giveUp(u"the token has expired; not reconnecting (%1)"_s.arg(why), 0);
        return;
    }
    qCInfo(lcTunnel).nospace() << "tunnel to " << m_options.url.host() << " lost (" << why
                               << "); reconnecting in " << *delay << " ms";
    m_retryTimer.start(*delay);
    Q_EMIT reconnecting(why, *delay);
}

void TunnelClient::giveUp(const QString &reason, int httpStatus) {
    if (m_stopped)
        return;
    m_stopped = true;
    m_retryTimer.stop();
    qCWarning(lcTunnel).nospace() << "tunnel to " << m_options.url.host() << " failed: " << reason;
    m_session->terminate({TunnelErrorCode::SessionLost, reason});
    Q_EMIT failed(reason, httpStatus);
}

} // namespace pc
