#pragma once

#include "token/gpsessionclaims.h"
#include "token/jws.h"
#include "token/keyset.h"
#include "token/verifiedtokencache.h"
#include "util/clock.h"

#include <QByteArrayView>
#include <QString>
#include <QStringList>
#include <QStringView>
#include <functional>
#include <memory>
#include <optional>

namespace pc {

struct TokenVerifierOptions {
    KeySet keys;
    // Tolerated clock skew for exp, nbf and iat, in seconds (negative counts as 0).
    qint64 leewaySeconds = 30;
    // Null means the system clock (Clock::system()). Tests inject a fake one.
    std::shared_ptr<const Clock> clock;
    // When non-empty, the token's upstream host must be this (the gateway's "name" with
    // requireUpstreamMatch); the port is not compared.
    QString expectedUpstream;
    // When non-empty, "aud" must be present and contain this value.
    QString expectedAudience;
    // When non-empty, "iss" must be present and be one of these (compared exactly).
    QStringList allowedIssuers;
};

// Verifies a gpsession token: the JWS (Jws::verify), then the claims (types, values,
// time window, upstream, audience). Thread-safe for concurrent verify() calls.
class TokenVerifier {
public:
    explicit TokenVerifier(TokenVerifierOptions options);

    Expected<GpsessionClaims, TokenError> verify(QByteArrayView token) const;
    // The token exactly as received: any character outside base64url and "." (spaces,
    // line breaks, non-ASCII) is refused as malformed, never trimmed, so one token has
    // exactly one spelling (the gateway derives session ids from it).
    Expected<GpsessionClaims, TokenError> verify(QStringView token) const;

    const TokenVerifierOptions &options() const { return m_options; }
    qint64 now() const;

private:
    std::optional<TokenError> timeError(const GpsessionClaims &claims, qint64 now) const;
    Expected<GpsessionClaims, TokenError> verifyUncached(QByteArrayView token) const;

    TokenVerifierOptions m_options;
    // Shared by copies (same options): tokens already verified, see verifiedtokencache.h.
    std::shared_ptr<VerifiedTokenCache> m_verified = std::make_shared<VerifiedTokenCache>();
};

} // namespace pc
