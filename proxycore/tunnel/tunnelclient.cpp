#include "tunnel/tunnelclient.h"

#include "tunnel/tunnellog.h"
#include "tunnel/tunnelsession.h"
#include "tunnel/websockettransport.h"

#include <QNetworkRequest>
#include <QRegularExpression>
#include <QSslConfiguration>
#include <QWebSocket>

using namespace Qt::StringLiterals;

namespace pc {

namespace {

// QWebSocket reports a refused upgrade only in its error string ("... status code: 401").
int httpStatusIn(const QString &error) {
    static const QRegularExpression re(u"status code: (\\d{3})"_s);
    const auto m = re.match(error);
    return m.hasMatch() ? m.captured(1).toInt() : 0;
}

} // namespace

TunnelClient::TunnelClient(Options options, QObject *parent)
    : QObject(parent)
    , m_options(std::move(options))
    , m_policy({m_options.initialBackoffMs, m_options.maxBackoffMs, m_options.validUntil},
               m_options.clock)
    , m_session(new TunnelSession(TunnelSession::Role::Client, m_options.tunnel, this)) {
    m_connectTimer.setSingleShot(true);
    connect(&m_connectTimer, &QTimer::timeout, this, [this] {
        attemptFailed(u"no connection within %1 ms"_s.arg(m_options.connectTimeoutMs));
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
    if (QWebSocket *s = m_socket.data()) {
        s->disconnect(this);
        s->abort();
        s->deleteLater();
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
    auto *socket = new QWebSocket(QString(), QWebSocketProtocol::VersionLatest, this);
    m_socket = socket;
    if (!m_options.extraCas.isEmpty()) {
        QSslConfiguration tls = QSslConfiguration::defaultConfiguration();
        tls.addCaCertificates(m_options.extraCas);
        socket->setSslConfiguration(tls);
    }
    connect(socket, &QWebSocket::connected, this, &TunnelClient::socketConnected);
    connect(socket, qOverload<QAbstractSocket::SocketError>(&QWebSocket::error), this,
            [this, socket] { attemptFailed(socket->errorString()); });
    connect(socket, &QWebSocket::disconnected, this,
            [this, socket] { attemptFailed(socket->errorString()); });
    QNetworkRequest request(m_options.url);
    request.setRawHeader("Authorization", m_options.authorization ? m_options.authorization()
                                                                  : "Bearer " + m_options.token);
    for (const auto &[name, value] : m_options.extraHeaders)
        request.setRawHeader(name, value);
    m_connectTimer.start(m_options.connectTimeoutMs);
    socket->open(request);
}

void TunnelClient::socketConnected() {
    QWebSocket *socket = m_socket.data();
    if (!socket)
        return;
    m_connectTimer.stop();
    socket->disconnect(this);
    m_socket = nullptr;
    auto *transport =
        new WebSocketTransport(socket, qint64(m_options.tunnel.limits.maxEnvelopeBytes), this);
    m_session->connectTransport(transport);
}

void TunnelClient::attemptFailed(const QString &why) {
    QWebSocket *socket = m_socket.data();
    if (!socket)
        return;
    m_connectTimer.stop();
    socket->disconnect(this);
    socket->abort();
    socket->deleteLater();
    m_socket = nullptr;
    const int status = httpStatusIn(why);
    if (status == 401 || status == 403) {
        if (!m_options.retryRefused) {
            giveUp(u"the gateway refused the token (HTTP %1)"_s.arg(status), status);
            return;
        }
        Q_EMIT refused(status);
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
