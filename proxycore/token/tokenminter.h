#pragma once

#include "token/gpsessionclaims.h"
#include "token/jwtkey.h"

#include <QByteArray>
#include <QString>
#include <optional>

namespace pc {

struct MintOptions {
    std::optional<JwsAlgorithm> alg; // default: defaultAlgorithm(key)
    QString kid;                     // default: the key's kid (no "kid" header if none)
};

// Signs gpsession claims into a token: header {"alg", "kid"?, "typ":"JWT"}.
class TokenMinter {
public:
    // The claims are validated as a verifier would (types, values; not the time window)
    // so that nothing is minted that gatewayd would refuse for its content.
    static Expected<QByteArray, TokenError> mint(const GpsessionClaims &claims, const JwtKey &key,
                                                 const MintOptions &options = {});
    // Fills iat = nbf = now and exp = now + ttl.
    static void setValidity(GpsessionClaims &claims, qint64 now, qint64 ttlSeconds);
};

} // namespace pc
