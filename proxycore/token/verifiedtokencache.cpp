#include "token/verifiedtokencache.h"

#include <QMutexLocker>

namespace pc {

std::optional<GpsessionClaims> VerifiedTokenCache::find(const QByteArray &token) const {
    const QMutexLocker lock(&m_mutex);
    const auto it = m_claims.constFind(token);
    if (it == m_claims.cend())
        return std::nullopt;
    return *it;
}

void VerifiedTokenCache::insert(const QByteArray &token, const GpsessionClaims &claims) {
    const QMutexLocker lock(&m_mutex);
    if (m_claims.size() >= kMaxEntries)
        m_claims.clear(); // rare, and cheap to refill: every entry is one verification
    m_claims.insert(token, claims);
}

} // namespace pc
