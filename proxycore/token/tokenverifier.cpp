#include "token/tokenverifier.h"

#include "token/strictjson.h"
#include "token/tokenlog.h"

#include <QDateTime>

using namespace Qt::StringLiterals;

namespace pc {

namespace {

QString utc(qint64 seconds) {
    return QDateTime::fromSecsSinceEpoch(seconds, Qt::UTC).toString(Qt::ISODate);
}

} // namespace

TokenVerifier::TokenVerifier(TokenVerifierOptions options)
    : m_options(std::move(options)) {
    m_options.clock = Clock::orSystem(std::move(m_options.clock));
    // Bounded so that exp/nbf arithmetic cannot overflow.
    m_options.leewaySeconds = std::clamp<qint64>(m_options.leewaySeconds, 0, 365 * 86400);
}

qint64 TokenVerifier::now() const {
    return m_options.clock->secsSinceEpoch();
}

Expected<GpsessionClaims, TokenError> TokenVerifier::verify(QStringView token) const {
    if (token.size() > Jws::MaxTokenSize)
        return tokenError(TokenErrorCode::TooLarge,
                          u"the token is larger than %1 bytes"_s.arg(Jws::MaxTokenSize));
    for (QChar c : token) {
        const char16_t u = c.unicode();
        const bool base64url = (u >= u'A' && u <= u'Z') || (u >= u'a' && u <= u'z') ||
                               (u >= u'0' && u <= u'9') || u == u'-' || u == u'_';
        if (!base64url && u != u'.')
            return tokenError(TokenErrorCode::Malformed,
                              u"the token contains characters outside base64url"_s);
    }
    const QByteArray ascii = token.toLatin1();
    return verify(QByteArrayView(ascii));
}

Expected<GpsessionClaims, TokenError> TokenVerifier::verify(QByteArrayView token) const {
    const QByteArray bytes = token.toByteArray();
    if (auto known = m_verified->find(bytes)) {
        if (auto error = timeError(*known, now()))
            return unexpected(*error);
        return std::move(*known);
    }
    auto claims = verifyUncached(token);
    if (claims)
        m_verified->insert(bytes, *claims);
    return claims;
}

Expected<GpsessionClaims, TokenError> TokenVerifier::verifyUncached(QByteArrayView token) const {
    auto jws = Jws::verify(token, m_options.keys);
    if (!jws) {
        qCDebug(lcToken) << "token refused:" << jws.error().code();
        return unexpected(jws.error());
    }
    // Only now, with the signature checked, is the payload parsed.
    auto object = StrictJson::parseObject(jws->payload, u"JWT claims"_s);
    if (!object)
        return unexpected(object.error());
    auto claims = GpsessionClaims::fromJson(*object);
    if (!claims)
        return claims;

    const qint64 current = now();
    if (auto error = timeError(*claims, current))
        return unexpected(*error);
    if (!m_options.expectedUpstream.isEmpty() &&
        !HostPort::sameHost(claims->upstream.host, m_options.expectedUpstream)) {
        return tokenError(TokenErrorCode::WrongUpstream,
                          u"the token is for gateway \"%1\", not \"%2\""_s.arg(
                              claims->upstream.host.left(64), m_options.expectedUpstream));
    }
    if (!m_options.expectedAudience.isEmpty() &&
        !claims->aud.contains(m_options.expectedAudience)) {
        return tokenError(
            TokenErrorCode::WrongAudience,
            u"the token's audience does not include \"%1\""_s.arg(m_options.expectedAudience));
    }
    if (!m_options.allowedIssuers.isEmpty() && !m_options.allowedIssuers.contains(claims->iss)) {
        return tokenError(TokenErrorCode::WrongIssuer,
                          claims->iss.isEmpty()
                              ? u"the token names no issuer (iss); this gateway requires one"_s
                              : u"the token's issuer \"%1\" is not one this gateway accepts"_s.arg(
                                    claims->iss.left(64)));
    }
    return claims;
}

std::optional<TokenError> TokenVerifier::timeError(const GpsessionClaims &claims,
                                                   qint64 current) const {
    const qint64 leeway = m_options.leewaySeconds;
    // RFC 7519 §4.1.4: the current time must be before exp; leeway extends that.
    if (claims.exp <= current - leeway)
        return TokenError(TokenErrorCode::Expired,
                          u"the token expired at %1 (now %2)"_s.arg(utc(claims.exp), utc(current)));
    if (claims.nbf && *claims.nbf > current + leeway)
        return TokenError(TokenErrorCode::NotYetValid,
                          u"the token is not yet valid: valid from %1 (now %2)"_s.arg(
                              utc(*claims.nbf), utc(current)));
    // A token "issued" in the future comes from a broken clock or a forger.
    if (claims.iat && *claims.iat > current + leeway)
        return TokenError(TokenErrorCode::IssuedInFuture,
                          u"the token was issued in the future at %1 (now %2)"_s.arg(
                              utc(*claims.iat), utc(current)));
    return std::nullopt;
}

} // namespace pc
