#pragma once

#include "token/gpsessionclaims.h"

#include <QByteArray>
#include <QHash>
#include <QMutex>
#include <optional>

namespace pc {

// Claims of tokens whose signature and claims a TokenVerifier has already checked,
// keyed by the token's exact bytes: a browser sends the same token with every request,
// and checking it again (HMAC or public-key signature, JSON parsing) was the largest
// per-request cost of gatewayd's proxying. Only what does not change with time is
// remembered: the time window (exp, nbf, iat) is checked on every use. A verifier with
// other keys or options has its own cache. Bounded (emptied when full); thread-safe.
class VerifiedTokenCache {
public:
    static constexpr qsizetype kMaxEntries = 256;

    std::optional<GpsessionClaims> find(const QByteArray &token) const;
    void insert(const QByteArray &token, const GpsessionClaims &claims);

private:
    mutable QMutex m_mutex;
    QHash<QByteArray, GpsessionClaims> m_claims;
};

} // namespace pc
