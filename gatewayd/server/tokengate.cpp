#include "server/tokengate.h"

#include "token/jwsalgorithm.h"
#include "token/keyset.h"

using namespace Qt::StringLiterals;

namespace gw {

namespace {

pc::KeyEntry::Source toSource(GatewayConfig::KeySource source) {
    switch (source) {
    case GatewayConfig::KeySource::SecretFile:
        return pc::KeyEntry::Source::SecretFile;
    case GatewayConfig::KeySource::PublicKeyFile:
        return pc::KeyEntry::Source::PublicKeyFile;
    case GatewayConfig::KeySource::JwksFile:
        return pc::KeyEntry::Source::JwksFile;
    }
    return pc::KeyEntry::Source::SecretFile;
}

} // namespace

pc::Expected<TokenGate, QString> TokenGate::fromConfig(const GatewayConfig &config) {
    QList<pc::KeyEntry> entries;
    for (const auto &key : config.auth.keys) {
        pc::KeyEntry entry;
        entry.kid = key.kid;
        entry.alg = pc::jwsAlgorithmFromName(key.alg);
        entry.source = toSource(key.source);
        entry.path = key.file;
        entries.append(entry);
    }
    auto keys = pc::KeySet::fromEntries(entries);
    if (!keys)
        return pc::unexpected(u"auth.keys: "_s + keys.error().toString());
    pc::TokenVerifierOptions options;
    options.keys = std::move(keys).value();
    options.leewaySeconds = config.auth.leewaySeconds;
    if (config.auth.requireUpstreamMatch)
        options.expectedUpstream = config.name;
    options.expectedAudience = config.auth.audience;
    options.allowedIssuers = config.auth.issuers;
    const QStringList &revoked = config.auth.revokedJti;
    return TokenGate(pc::TokenVerifier(std::move(options)),
                     QSet<QString>(revoked.begin(), revoked.end()));
}

TokenGate::TokenGate(pc::TokenVerifier verifier, QSet<QString> revoked)
    : m_verifier(std::move(verifier))
    , m_revokedJti(std::move(revoked)) {}

pc::Expected<pc::GpsessionClaims, GatewayError> TokenGate::admit(QStringView token) const {
    auto claims = m_verifier.verify(token);
    if (!claims) {
        const pc::TokenError &e = claims.error();
        const bool expired = e.reason() == pc::TokenErrorCode::Expired;
        // Genuine tokens meant for another gateway, audience or issuer: 403, not 401.
        const bool wrongGateway = e.reason() == pc::TokenErrorCode::WrongUpstream ||
                                  e.reason() == pc::TokenErrorCode::WrongAudience ||
                                  e.reason() == pc::TokenErrorCode::WrongIssuer;
        return pc::unexpected(GatewayError{
            wrongGateway ? 403 : 401, expired ? u"token_expired"_s : u"token_"_s + e.code(),
            expired ? u"the token has expired: "_s + e.message() : e.message()});
    }
    if (!claims->jti.isEmpty() && m_revokedJti.contains(claims->jti))
        return pc::unexpected(
            GatewayError{401, u"token_revoked"_s, u"this token has been revoked"_s});
    // A token naming an agent is served only through that agent (TargetResolver::forAgent).
    return std::move(claims).value();
}

} // namespace gw
