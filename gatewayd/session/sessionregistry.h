#pragma once

#include "server/gatewayerror.h"
#include "session/sessionidentity.h"
#include "token/gpsessionclaims.h"
#include "util/clock.h"
#include "util/expected.h"

#include <QHash>
#include <QObject>
#include <QTimer>
#include <functional>
#include <memory>
#include <optional>

namespace gw {

// The gateway's live sessions, whatever path they come by (browser connections today;
// the app's tunnel and agents' streams report in the same way with their own path).
//
// A session is keyed by an id derived from its token (sessionIdFor) and lives while at
// least one member (a connection, a tunnel stream) is joined. Each member brings its own
// TrafficCounters, which it updates on its data path (plain integers, no locking: one
// thread); the registry only reads them when sampled. takeUsage() returns what every
// session moved since the last call: the accounting store writes that, batched.
//
// The token is kept in memory for one reason: to check live sessions again when a new
// configuration is applied (endRefused). It is never logged or returned.
class SessionRegistry : public QObject {
    Q_OBJECT
public:
    struct Joining {
        QString token;
        pc::GpsessionClaims claims;
        SessionPath path = SessionPath::Browser;
        QHostAddress address; // the checked BMC address
        QString group;        // path Ingress: the node group and the route's host
        QString host;
    };
    using StillAllowed = std::function<bool(const QString &token, const SessionIdentity &)>;
    using Close = std::function<void(SessionEnd)>;
    // From the active configuration (auth.leewaySeconds, limits.maxSessions).
    struct Policy {
        int leewaySeconds = 30;
        int maxSessions = 1000;
    };

    explicit SessionRegistry(QObject *parent = nullptr);
    ~SessionRegistry() override;

    void setPolicy(const Policy &policy);
    // What decides exp + leeway, bars and usage times; the system clock unless set
    // (tests inject a fake one). Set it before the first session joins.
    void setClock(std::shared_ptr<const pc::Clock> clock);
    const pc::Clock &clock() const { return *m_clock; }

    // jti when the token has one, else a digest of the token's signing input (header and
    // payload, which the signature fixes), never of the whole token: a verified token has
    // other spellings (ECDSA's s and n-s both verify), which must be the same session.
    // 24 hex digits either way. TOKEN must be one the verifier accepted.
    static QString sessionIdFor(const pc::GpsessionClaims &claims, QStringView token);

    // OWNER joins the session of WHO (creating it), or moves to it from another one.
    // COUNTERS are the member's own; what they hold beyond BASELINE counts for this
    // session. CLOSE ends the member at once (the registry forgets it first). Refused
    // (401 session_ended) while the session's token is barred after end(), and (429
    // too_many_sessions) when a new session would exceed limits.maxSessions.
    pc::Expected<SessionIdentity, GatewayError> join(const Joining &who, QObject *owner,
                                                     std::shared_ptr<TrafficCounters> counters,
                                                     const TrafficCounters &baseline, Close close);
    // Also happens when OWNER is destroyed.
    void leave(QObject *owner);
    // Whether session ID was ended by end() and its token could still verify.
    bool isBarred(const QString &id) const;

    QList<SessionInfo> sessions() const;
    // Ends session ID at once (closes its members) and refuses its token until it can no
    // longer verify (exp plus the leeway in force when it is presented).
    bool end(const QString &id);
    // Ends every session STILL_ALLOWED refuses (after an apply); returns how many.
    int endRefused(const StillAllowed &stillAllowed);

    // What each session moved since the previous call, including sessions that ended
    // since; sessions that moved nothing are left out.
    QList<SessionUsage> takeUsage(qint64 now);
    // Everything moved since the registry was created, per path (for the metrics).
    QHash<SessionPath, TrafficCounters> totals() const;

Q_SIGNALS:
    void sessionStarted(const gw::SessionIdentity &identity);
    void sessionEnded(const gw::SessionIdentity &identity);
    // The gateway ended session ID (end(), endRefused(), expiry), not its last member.
    void sessionClosed(const QString &id, gw::SessionEnd why);

private:
    struct Member;
    struct Session;

    TrafficCounters current(const Session &session) const;
    void closeSession(const QString &id, std::optional<SessionEnd> closeMembers);
    void retire(Session &session, QObject *owner);
    // Ends the sessions whose token is past exp + leeway; re-arms the timer for the next.
    void expireSessions();
    void armExpiry();

    Policy m_policy;
    std::shared_ptr<const pc::Clock> m_clock = pc::Clock::system();
    QTimer m_expiry;
    QHash<QString, std::shared_ptr<Session>> m_sessions;
    QHash<QObject *, QString> m_sessionOf; // member -> session id
    QHash<QString, qint64> m_barred;       // ended session id -> its token's exp
    QList<SessionUsage> m_endedUsage;      // not yet taken
    QHash<SessionPath, TrafficCounters> m_endedTotals;
};

} // namespace gw
