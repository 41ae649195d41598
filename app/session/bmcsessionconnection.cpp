// BmcSession's connecting half: the tunnel client and the loopback proxy.
#include "proxy/localproxy.h"
#include "session/bmcsession.h"
#include "session/bmcsessionprivate.h"
#include "session/sessionlog.h"
#include "tunnel/tunnelclient.h"
#include "tunnel/tunnelsession.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSslConfiguration>
#include <QTimer>

using namespace Qt::StringLiterals;

namespace app {

namespace {
constexpr int kAttemptsBeforeGivingUp = 4;
constexpr qint64 kTokenEndMarginSeconds = 20; // past the longest reconnect backoff (15 s)

QUrl tunnelUrl(const pc::GpsessionClaims &claims) {
    QUrl url;
    url.setScheme(u"wss"_s);
    url.setHost(claims.upstream.host);
    url.setPort(claims.upstream.port);
    url.setPath(u"/.pmproxy/tunnel"_s);
    return url;
}
} // namespace

void BmcSession::setState(State state) {
    if (d->state == state)
        return;
    d->state = state;
    qCInfo(lcSession) << "session" << state;
    Q_EMIT stateChanged(state);
}

void BmcSession::fail(Failure failure, const QString &message) {
    if (d->state == State::Failed || d->state == State::Expired || d->state == State::Closed)
        return;
    d->failure = failure;
    d->failureMessage = message;
    if (d->client)
        d->client->stop();
    if (d->proxy)
        d->proxy->close();
    setState(failure == Failure::TokenExpired ? State::Expired : State::Failed);
}

void BmcSession::start() {
    if (d->state != State::Idle)
        return;
    setState(State::Connecting);

    pc::TunnelClient::Options options;
    options.url = tunnelUrl(d->claims);
    options.token = d->token.toLatin1();
    options.extraCas = d->options.gatewayCa;
    options.validUntil = QDateTime::fromSecsSinceEpoch(d->claims.exp);
    options.clock = d->options.clock;
    d->client = new pc::TunnelClient(options, this);

    pc::TunnelClient *client = d->client;
    d->proxy = new LocalProxy(
        [client](pc::TunnelStreamKind kind, const pc::HttpRequestHead &head) -> pc::TunnelStream * {
            pc::TunnelSession *session = client->session();
            return session ? session->openStream(kind, head) : nullptr;
        },
        this);
    connect(d->proxy, &LocalProxy::traffic, this, [this](quint64 up, quint64 down) {
        d->bytesUp += up;
        d->bytesDown += down;
        if (!d->statsTimer.isActive())
            d->statsTimer.start();
    });
    d->statsTimer.setSingleShot(true);
    d->statsTimer.setInterval(250); // at most four updates a second
    connect(&d->statsTimer, &QTimer::timeout, this, &BmcSession::statsChanged);

    connect(client, &pc::TunnelClient::established, this, [this](bool resumed) {
        if (d->entryUrl.isEmpty()) {
            QString error;
            if (!d->proxy->listen(&error)) {
                fail(Failure::Other, tr("The local proxy cannot listen: %1").arg(error));
                return;
            }
            d->entryUrl = d->proxy->entryUrl();
        }
        qCInfo(lcSession) << "tunnel established" << (resumed ? "(resumed)" : "");
        setState(State::Connected);
    });
    connect(client, &pc::TunnelClient::reconnecting, this, [this](const QString &why, int delayMs) {
        qCInfo(lcSession).noquote()
            << "tunnel lost:" << why << "- reconnecting in" << delayMs << "ms";
        if (d->state == State::Connected)
            setState(State::Reconnecting);
        // A gateway that was never reached after a few tries (about 8 s) is unreachable
        // (exit 4 in headless mode); once connected, the session keeps trying while the
        // token lasts, since that is a blip or a gateway restart.
        const pc::TunnelClient *tunnel = d->client.data();
        if (d->entryUrl.isEmpty() && tunnel && tunnel->attempts() >= kAttemptsBeforeGivingUp)
            fail(Failure::Gateway, tr("The gateway cannot be reached: %1").arg(why));
    });
    // The gateway ends a session it no longer allows with an Error frame "unauthorized"
    // (gatewayd: when the token's exp plus its leeway passes, or an operator ends it).
    // The client reports that as failed() first; the verdict waits for this record.
    connect(client->session(), &pc::TunnelSession::terminated, this,
            [this](const pc::TunnelError &error) {
                if (error.code == pc::TunnelErrorCode::Unauthorized)
                    d->endedByGateway = error.message;
            });
    connect(
        client, &pc::TunnelClient::failed, this,
        [this](const QString &reason, int status) { onTunnelFailed(reason, status); },
        Qt::QueuedConnection);
    connect(client->session(), &pc::TunnelSession::roundTripMeasured, this, [this](int ms) {
        d->roundTripMs = ms;
        if (!d->statsTimer.isActive())
            d->statsTimer.start();
    });

    // The token's end is the session's end. A QTimer holds at most ~24.8 days: a longer
    // token re-arms it until its end is near.
    d->expiryTimer.setSingleShot(true);
    const auto armExpiry = [this] {
        const qint64 left = d->claims.exp * 1000 - d->options.clock->msecsSinceEpoch();
        d->expiryTimer.start(int(std::clamp<qint64>(left, 0, std::numeric_limits<int>::max())));
    };
    connect(&d->expiryTimer, &QTimer::timeout, this, [this, armExpiry] {
        if (d->options.clock->msecsSinceEpoch() < d->claims.exp * 1000) {
            armExpiry();
            return;
        }
        fail(Failure::TokenExpired, tr("The link has expired. Ask for a new link."));
    });
    armExpiry();

    client->start();
}

void BmcSession::onTunnelFailed(const QString &reason, int status) {
    const qint64 left = d->claims.exp - d->options.clock->secsSinceEpoch();
    if (d->endedByGateway) {
        // The gateway's own verdict on a session it ended: no need to ask it again.
        const QString why = *d->endedByGateway;
        if (left <= 0 || why.contains(u"expired"_s, Qt::CaseInsensitive))
            fail(Failure::TokenExpired, tr("The gateway ended the session: the link has expired. "
                                           "Ask for a new link."));
        else
            fail(Failure::Gateway, tr("The gateway ended the session: %1").arg(why));
        return;
    }

    if (status == 0 && left > 0 && left <= kTokenEndMarginSeconds) {
        // The client stopped because the token ends before its next try: the end of
        // the token is the verdict, and the expiry timer gives it.
        return;
    }
    if (left <= 0) {
        fail(Failure::TokenExpired, tr("The link has expired. Ask for a new link."));
    } else if (status == 401 || status == 403) {
        fetchRefusalReason(reason);
    } else if (d->entryUrl.isEmpty()) {
        fail(Failure::Gateway, tr("The gateway cannot be reached: %1").arg(reason));
    } else {
        fail(Failure::Other, tr("The connection to the gateway ended: %1").arg(reason));
    }
}

void BmcSession::fetchRefusalReason(const QString &fallback) {
    // The tunnel client reports a refused handshake's status, not its body: ask the
    // tunnel endpoint again without upgrading, and show the gateway's own words.
    auto *manager = new QNetworkAccessManager(this);
    QNetworkRequest request;
    QUrl url = tunnelUrl(d->claims);
    url.setScheme(u"https"_s);
    request.setUrl(url);
    request.setRawHeader("Authorization", "Bearer " + d->token.toLatin1());
    QSslConfiguration tls = QSslConfiguration::defaultConfiguration();
    tls.addCaCertificates(d->options.gatewayCa);
    request.setSslConfiguration(tls);
    request.setTransferTimeout(10000);
    QNetworkReply *reply = manager->get(request);
    connect(reply, &QNetworkReply::finished, this, [this, reply, manager, fallback] {
        const QJsonObject json = QJsonDocument::fromJson(reply->readAll()).object();
        const QString error = json.value(u"error"_s).toString();
        const QString detail = json.value(u"detail"_s).toString();
        manager->deleteLater();
        if (error.isEmpty()) {
            fail(Failure::Gateway, tr("The gateway refused the token: %1").arg(fallback));
            return;
        }
        fail(error == u"token_expired"_s ? Failure::TokenExpired : Failure::Gateway,
             tr("The gateway refused the token: %1 (%2)").arg(detail, error));
    });
}

void BmcSession::stop() {
    // A failed or expired session keeps saying why (its page, its exit code).
    if (d->state == State::Closed || d->state == State::Failed || d->state == State::Expired)
        return;
    d->expiryTimer.stop();
    if (d->client)
        d->client->stop();
    if (d->proxy)
        d->proxy->close();
    setState(State::Closed);
}

} // namespace app
