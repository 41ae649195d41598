#include "session/sessionregistry.h"

#include "session/sessionlog.h"

#include <QCryptographicHash>
#include <QDateTime>
#include <algorithm>
#include <limits>

using namespace Qt::StringLiterals;

namespace gw {

QString sessionEndReason(SessionEnd end) {
    switch (end) {
    case SessionEnd::Ended:
        return u"the session was ended by the gateway's operator"_s;
    case SessionEnd::NotAllowed:
        return u"the gateway's configuration no longer allows this session"_s;
    case SessionEnd::Expired:
        return u"the session's token has expired"_s;
    }
    return {};
}

struct SessionRegistry::Member {
    std::shared_ptr<TrafficCounters> counters;
    TrafficCounters baseline;
    Close close;
    QMetaObject::Connection destroyed;
};

struct SessionRegistry::Session {
    SessionIdentity identity;
    QString token;
    qint64 expires = 0;
    qint64 started = 0;
    QHash<QObject *, Member> members;
    TrafficCounters retired;  // what members that left moved here
    TrafficCounters reported; // what takeUsage() has returned so far
};

SessionRegistry::SessionRegistry(QObject *parent)
    : QObject(parent) {
    m_expiry.setSingleShot(true);
    connect(&m_expiry, &QTimer::timeout, this, &SessionRegistry::expireSessions);
}

void SessionRegistry::setPolicy(const Policy &policy) {
    m_policy = policy;
    armExpiry();
}

void SessionRegistry::setClock(std::shared_ptr<const pc::Clock> clock) {
    m_clock = pc::Clock::orSystem(std::move(clock));
    armExpiry();
}

SessionRegistry::~SessionRegistry() {
    for (const auto &session : std::as_const(m_sessions)) {
        for (const Member &m : std::as_const(session->members))
            disconnect(m.destroyed);
    }
}

QString SessionRegistry::sessionIdFor(const pc::GpsessionClaims &claims, QStringView token) {
    // The verifier accepted TOKEN, so it is base64url segments: its signing input is
    // everything before the last dot, and that is what the signature is over.
    const qsizetype dot = token.lastIndexOf(u'.');
    const QStringView signingInput = dot < 0 ? token : token.left(dot);
    const QByteArray material =
        claims.jti.isEmpty() ? "signed:" + signingInput.toLatin1() : "jti:" + claims.jti.toUtf8();
    return QString::fromLatin1(
        QCryptographicHash::hash(material, QCryptographicHash::Sha256).toHex().left(24));
}

pc::Expected<SessionIdentity, GatewayError>
SessionRegistry::join(const Joining &who, QObject *owner, std::shared_ptr<TrafficCounters> counters,
                      const TrafficCounters &baseline, Close close) {
    const QString id = sessionIdFor(who.claims, who.token);
    const qint64 now = m_clock->secsSinceEpoch();
    if (isBarred(id))
        return pc::unexpected(GatewayError{401, u"session_ended"_s,
                                           u"this session was ended by the gateway's operator"_s});
    m_barred.remove(id);
    if (!m_sessions.contains(id) && m_sessions.size() >= m_policy.maxSessions) {
        qCWarning(lcSession) << "refused a new session: limits.maxSessions ("
                             << m_policy.maxSessions << ") reached";
        return pc::unexpected(
            GatewayError{429, u"too_many_sessions"_s,
                         u"the gateway serves its maximum of %1 sessions; try again later"_s.arg(
                             m_policy.maxSessions)});
    }
    if (const QString previous = m_sessionOf.value(owner); !previous.isEmpty()) {
        if (previous == id)
            return m_sessions.value(id)->identity;
        leave(owner);
    }
    std::shared_ptr<Session> &session = m_sessions[id];
    if (!session) {
        session = std::make_shared<Session>();
        SessionIdentity &identity = session->identity;
        identity.id = id;
        identity.sub = who.claims.sub;
        identity.jti = who.claims.jti;
        identity.ip = who.claims.ip;
        identity.address = who.address;
        identity.port = who.claims.port;
        identity.platform = pc::platformName(who.claims.platform);
        identity.path = who.path;
        identity.agent = who.claims.agent;
        identity.group = who.group;
        identity.host = who.host;
        session->token = who.token;
        session->expires = who.claims.exp;
        session->started = now;
        qCInfo(lcSession).noquote()
            << "session" << id << "started," << sessionPathName(who.path) << "to" << identity.ip;
        Q_EMIT sessionStarted(identity);
        armExpiry();
    }
    Member member{std::move(counters), baseline, std::move(close), {}};
    member.destroyed = connect(owner, &QObject::destroyed, this, [this, owner] { leave(owner); });
    session->members.insert(owner, std::move(member));
    m_sessionOf.insert(owner, id);
    return session->identity;
}

void SessionRegistry::leave(QObject *owner) {
    const QString id = m_sessionOf.take(owner);
    const std::shared_ptr<Session> session = m_sessions.value(id);
    if (!session)
        return;
    retire(*session, owner);
    if (session->members.isEmpty())
        closeSession(id, std::nullopt);
}

bool SessionRegistry::isBarred(const QString &id) const {
    // Barred while the token could still verify: its exp plus today's leeway.
    const auto barred = m_barred.constFind(id);
    return barred != m_barred.cend() &&
           *barred + m_policy.leewaySeconds >= m_clock->secsSinceEpoch();
}

void SessionRegistry::retire(Session &session, QObject *owner) {
    auto it = session.members.find(owner);
    if (it == session.members.end())
        return;
    disconnect(it->destroyed);
    session.retired += *it->counters - it->baseline;
    session.members.erase(it);
}

TrafficCounters SessionRegistry::current(const Session &session) const {
    TrafficCounters total = session.retired;
    for (const Member &m : session.members)
        total += *m.counters - m.baseline;
    return total;
}

void SessionRegistry::closeSession(const QString &id, std::optional<SessionEnd> closeMembers) {
    const std::shared_ptr<Session> session = m_sessions.take(id);
    if (!session)
        return;
    QList<Close> closers;
    for (QObject *owner : session->members.keys()) {
        closers.append(session->members.value(owner).close);
        m_sessionOf.remove(owner);
        retire(*session, owner);
    }
    const TrafficCounters total = current(*session);
    const TrafficCounters delta = total - session->reported;
    if (!delta.isZero())
        m_endedUsage.append({session->identity, m_clock->secsSinceEpoch(), delta});
    m_endedTotals[session->identity.path] += total;
    qCInfo(lcSession).noquote() << "session" << id << "ended";
    Q_EMIT sessionEnded(session->identity);
    if (closeMembers)
        Q_EMIT sessionClosed(id, *closeMembers);
    if (closeMembers) {
        for (const auto &close : closers) {
            if (close)
                close(*closeMembers);
        }
    }
}

void SessionRegistry::expireSessions() {
    const qint64 now = m_clock->secsSinceEpoch();
    QStringList expired;
    for (const auto &session : std::as_const(m_sessions)) {
        if (session->expires + m_policy.leewaySeconds < now)
            expired.append(session->identity.id);
    }
    for (const QString &id : std::as_const(expired)) {
        qCInfo(lcSession).noquote() << "session" << id << "expired: closing its connections";
        closeSession(id, SessionEnd::Expired);
    }
    armExpiry();
}

void SessionRegistry::armExpiry() {
    std::optional<qint64> next;
    for (const auto &session : std::as_const(m_sessions)) {
        const qint64 end = session->expires + m_policy.leewaySeconds + 1;
        next = next ? std::min(*next, end) : end;
    }
    if (!next) {
        m_expiry.stop();
        return;
    }
    // A QTimer holds at most ~24.8 days; a later end re-arms from there.
    const qint64 ms = *next * 1000 - m_clock->msecsSinceEpoch();
    m_expiry.start(int(std::clamp<qint64>(ms, 0, std::numeric_limits<int>::max())));
}

QList<SessionInfo> SessionRegistry::sessions() const {
    QList<SessionInfo> list;
    for (const auto &session : m_sessions) {
        list.append(
            {session->identity, session->started, int(session->members.size()), current(*session)});
    }
    std::sort(list.begin(), list.end(), [](const SessionInfo &a, const SessionInfo &b) {
        return a.started != b.started ? a.started < b.started : a.identity.id < b.identity.id;
    });
    return list;
}

bool SessionRegistry::end(const QString &id) {
    const std::shared_ptr<Session> session = m_sessions.value(id);
    if (!session)
        return false;
    m_barred.insert(id, session->expires);
    closeSession(id, SessionEnd::Ended);
    return true;
}

int SessionRegistry::endRefused(const StillAllowed &stillAllowed) {
    QStringList refused;
    for (const auto &session : std::as_const(m_sessions)) {
        if (!stillAllowed(session->token, session->identity))
            refused.append(session->identity.id);
    }
    for (const QString &id : refused) {
        qCInfo(lcSession).noquote()
            << "session" << id << "is not allowed by the new configuration: closing it";
        closeSession(id, SessionEnd::NotAllowed);
    }
    return int(refused.size());
}

QList<SessionUsage> SessionRegistry::takeUsage(qint64 now) {
    QList<SessionUsage> usage = std::exchange(m_endedUsage, {});
    for (const auto &session : std::as_const(m_sessions)) {
        const TrafficCounters total = current(*session);
        const TrafficCounters delta = total - session->reported;
        session->reported = total;
        if (!delta.isZero())
            usage.append({session->identity, now, delta});
    }
    return usage;
}

QHash<SessionPath, TrafficCounters> SessionRegistry::totals() const {
    QHash<SessionPath, TrafficCounters> totals = m_endedTotals;
    for (const auto &session : m_sessions)
        totals[session->identity.path] += current(*session);
    return totals;
}

} // namespace gw
