#pragma once

#include "session/sessionregistry.h"

#include <QPointer>
#include <memory>
#include <variant>

namespace gw {

// One connection's (or stream's) place in the SessionRegistry: the counters it updates
// on its data path, and the session it currently belongs to. Counting starts when the
// membership is created, so bytes that arrive before the token is known (the first
// request's head) count for the first session joined.
class SessionMembership {
public:
    // REGISTRY may be null (nothing is registered then; counting still works). CLOSE
    // ends the owner at once, saying why.
    SessionMembership(SessionRegistry *registry, QObject *owner, SessionRegistry::Close close);
    ~SessionMembership();
    SessionMembership(const SessionMembership &) = delete;
    SessionMembership &operator=(const SessionMembership &) = delete;

    // Joins the session of WHO; a no-op when already in it.
    pc::Expected<std::monostate, GatewayError> enter(const SessionRegistry::Joining &who);

    TrafficCounters &counters() { return *m_counters; }
    std::shared_ptr<TrafficCounters> sharedCounters() const { return m_counters; }
    const QString &sessionId() const { return m_sessionId; }

private:
    QPointer<SessionRegistry> m_registry;
    QObject *m_owner;
    SessionRegistry::Close m_close;
    std::shared_ptr<TrafficCounters> m_counters = std::make_shared<TrafficCounters>();
    QString m_sessionId;
};

} // namespace gw
