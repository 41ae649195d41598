#include "tunnelserver/tunnelservice.h"

#include "server/gatewaycontext.h"
#include "session/sessionidentity.h"
#include "tunnel/tunnelacceptor.h"
#include "tunnel/tunnelsession.h"
#include "tunnel/tunnelsessionholder.h"
#include "tunnel/tunnelstream.h"
#include "tunnelserver/tunnelendpointlog.h"

#include <QCryptographicHash>
#include <QDateTime>
#include <QSslSocket>
#include <QTimer>
#include <algorithm>
#include <limits>

using namespace Qt::StringLiterals;

namespace gw {

namespace {
// Who may resume a session: the holder of the same token. A digest, never the token, and
// of its signing input (what the signature fixes), so every spelling of one verified
// token is one principal.
QString principalOf(const QString &token) {
    const qsizetype dot = token.lastIndexOf(u'.');
    const QString signingInput = dot < 0 ? token : token.left(dot);
    return QString::fromLatin1(
        QCryptographicHash::hash(signingInput.toLatin1(), QCryptographicHash::Sha256).toHex());
}
} // namespace

TunnelService::TunnelService(ContextProvider context, QObject *parent)
    : QObject(parent)
    , m_context(std::move(context))
    , m_acceptor(new pc::TunnelAcceptor(pc::TunnelOptions{}, this)) {
    connect(m_acceptor, &pc::TunnelAcceptor::sessionStarted, this,
            &TunnelService::onSessionStarted);
    connect(m_acceptor, &pc::TunnelAcceptor::sessionResumed, this,
            [this](pc::TunnelSession *session) {
                qCInfo(lcTunnelEndpoint) << "tunnel session resumed";
                settlePending(principalOf(m_live.value(session).token));
            });
}

TunnelService::~TunnelService() = default;

QString TunnelService::bearerToken(const pc::HttpHeaders &headers) {
    const QList<QByteArray> values = headers.values("Authorization");
    if (values.size() != 1)
        return {};
    const QByteArray v = values.first().trimmed();
    if (v.size() < 8 || v.left(7).toLower() != "bearer ")
        return {};
    return QString::fromLatin1(v.mid(7).trimmed());
}

void TunnelService::adopt(QSslSocket *socket, const QByteArray &requestBytes,
                          const TunnelGrant &grant) {
    const QString principal = principalOf(grant.token);
    // Grants stay while their token is valid: a session ending must not take the grant
    // of another one with the same token whose Hello is still on its way.
    const qint64 now = m_clock->secsSinceEpoch();
    m_grants.removeIf([now](const auto &entry) { return entry.value().expires < now; });
    m_grants.insert(principal, grant);
    m_pending[principal].append(QPointer<QObject>(socket));
    m_acceptor->adoptUpgrade(socket, requestBytes, principal);
}

void TunnelService::settlePending(const QString &principal) {
    auto it = m_pending.find(principal);
    if (it == m_pending.end())
        return;
    it->removeIf([](const QPointer<QObject> &p) { return p.isNull(); });
    if (!it->isEmpty())
        it->removeFirst();
    if (it->isEmpty())
        m_pending.erase(it);
}

int TunnelService::sessionCount() const {
    return m_acceptor->holder()->count();
}

int TunnelService::attachedTunnels(const QString &token) const {
    const QString principal = principalOf(token);
    int n = 0;
    for (const QPointer<QObject> &socket : m_pending.value(principal))
        n += socket.isNull() ? 0 : 1;
    for (auto it = m_live.cbegin(); it != m_live.cend(); ++it) {
        if (principalOf(it.value().token) == principal &&
            it.key()->state() != pc::TunnelSession::State::Detached)
            ++n;
    }
    return n;
}

void TunnelService::endSession(const QString &sessionId, const QString &why) {
    const QList<pc::TunnelSession *> sessions = m_live.keys();
    for (pc::TunnelSession *session : sessions) {
        if (m_live.value(session).sessionId == sessionId)
            session->close(pc::TunnelError{pc::TunnelErrorCode::Unauthorized, why});
    }
}

int TunnelService::endRefused(const std::function<bool(const TunnelGrant &)> &stillAllowed) {
    int ended = 0;
    const QList<pc::TunnelSession *> sessions = m_live.keys();
    for (pc::TunnelSession *session : sessions) {
        if (!m_live.contains(session) || session->state() == pc::TunnelSession::State::Terminated ||
            stillAllowed(m_live.value(session)))
            continue;
        session->close(pc::TunnelError{pc::TunnelErrorCode::Unauthorized,
                                       sessionEndReason(SessionEnd::NotAllowed)});
        ++ended;
    }
    return ended;
}

void TunnelService::armExpiry(pc::TunnelSession *session) {
    auto *timer = new QTimer(session);
    timer->setSingleShot(true);
    const auto arm = [this, session, timer] {
        const auto context = m_context();
        const qint64 leeway = context ? context->config.auth.leewaySeconds : 0;
        const qint64 end = (m_live.value(session).expires + leeway + 1) * 1000;
        const qint64 ms = end - m_clock->msecsSinceEpoch();
        if (ms <= 0)
            return false;
        timer->start(int(std::min<qint64>(ms, std::numeric_limits<int>::max())));
        return true;
    };
    connect(timer, &QTimer::timeout, session, [session, arm] {
        if (arm()) // not yet (a longer leeway was applied, or a very long token)
            return;
        qCInfo(lcTunnelEndpoint) << "tunnel session ended: its token expired";
        session->close(pc::TunnelError{pc::TunnelErrorCode::Unauthorized,
                                       sessionEndReason(SessionEnd::Expired)});
    });
    if (!arm())
        QMetaObject::invokeMethod(timer, "timeout", Qt::QueuedConnection);
}

void TunnelService::onSessionStarted(pc::TunnelSession *session, const QString &principal) {
    const TunnelGrant grant = m_grants.value(principal);
    qCInfo(lcTunnelEndpoint).noquote() << "tunnel session started from" << grant.peer.toString();
    settlePending(principal);
    m_live.insert(session, grant);
    connect(session, &QObject::destroyed, this, [this, session] { m_live.remove(session); });
    armExpiry(session);
    connect(session, &pc::TunnelSession::newStream, this, [this, grant](pc::TunnelStream *stream) {
        auto context = m_context();
        if (!context) {
            stream->deleteLater();
            return;
        }
        auto *handler = new TunnelStreamHandler(stream, std::move(context), grant, this);
        handler->start();
    });
}

} // namespace gw
