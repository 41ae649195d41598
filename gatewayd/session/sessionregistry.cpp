#include "session/sessionregistry.h"

#include "session/sessionlog.h"

#include <QCryptographicHash>
#include <QDateTime>

using namespace Qt::StringLiterals;

namespace gw {

struct SessionRegistry::Member {
    std::shared_ptr<TrafficCounters> counters;
    TrafficCounters baseline;
    std::function<void()> close;
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
    : QObject(parent) {}

SessionRegistry::~SessionRegistry() {
    for (const auto &session : std::as_const(m_sessions)) {
        for (const Member &m : std::as_const(session->members))
            disconnect(m.destroyed);
    }
}

QString SessionRegistry::sessionIdFor(const pc::GpsessionClaims &claims, QStringView token) {
    const QByteArray material =
        claims.jti.isEmpty() ? "token:" + token.toUtf8() : "jti:" + claims.jti.toUtf8();
    return QString::fromLatin1(
        QCryptographicHash::hash(material, QCryptographicHash::Sha256).toHex().left(24));
}

pc::Expected<SessionIdentity, GatewayError>
SessionRegistry::join(const Joining &who, QObject *owner, std::shared_ptr<TrafficCounters> counters,
                      const TrafficCounters &baseline, std::function<void()> close) {
    const QString id = sessionIdFor(who.claims, who.token);
    const qint64 now = QDateTime::currentSecsSinceEpoch();
    if (auto barred = m_barred.constFind(id); barred != m_barred.cend()) {
        if (*barred >= now)
            return pc::unexpected(GatewayError{
                401, u"session_ended"_s, u"this session was ended by the gateway's operator"_s});
        m_barred.erase(barred);
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
        session->token = who.token;
        session->expires = who.claims.exp;
        session->started = now;
        qCInfo(lcSession).noquote()
            << "session" << id << "started," << sessionPathName(who.path) << "to" << identity.ip;
        Q_EMIT sessionStarted(identity);
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
        closeSession(id, false);
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

void SessionRegistry::closeSession(const QString &id, bool closeMembers) {
    const std::shared_ptr<Session> session = m_sessions.take(id);
    if (!session)
        return;
    QList<std::function<void()>> closers;
    for (QObject *owner : session->members.keys()) {
        closers.append(session->members.value(owner).close);
        m_sessionOf.remove(owner);
        retire(*session, owner);
    }
    const TrafficCounters total = current(*session);
    const TrafficCounters delta = total - session->reported;
    if (!delta.isZero())
        m_endedUsage.append({session->identity, QDateTime::currentSecsSinceEpoch(), delta});
    m_endedTotals[session->identity.path] += total;
    qCInfo(lcSession).noquote() << "session" << id << "ended";
    Q_EMIT sessionEnded(session->identity);
    if (closeMembers) {
        for (const auto &close : closers) {
            if (close)
                close();
        }
    }
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
    closeSession(id, true);
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
        closeSession(id, true);
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
