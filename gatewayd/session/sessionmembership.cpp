#include "session/sessionmembership.h"

namespace gw {

SessionMembership::SessionMembership(SessionRegistry *registry, QObject *owner,
                                     SessionRegistry::Close close)
    : m_registry(registry)
    , m_owner(owner)
    , m_close(std::move(close)) {}

SessionMembership::~SessionMembership() {
    if (m_registry && !m_sessionId.isEmpty())
        m_registry->leave(m_owner);
}

pc::Expected<std::monostate, GatewayError>
SessionMembership::enter(const SessionRegistry::Joining &who) {
    if (!m_registry)
        return std::monostate();
    // Moving to another session: what was counted so far belongs to the previous one.
    const TrafficCounters baseline = m_sessionId.isEmpty() ? TrafficCounters{} : *m_counters;
    auto joined = m_registry->join(who, m_owner, m_counters, baseline, m_close);
    if (!joined) {
        if (!m_sessionId.isEmpty())
            m_registry->leave(m_owner);
        m_sessionId.clear();
        return pc::unexpected(joined.error());
    }
    m_sessionId = joined->id;
    return std::monostate();
}

} // namespace gw
