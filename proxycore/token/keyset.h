#pragma once

#include "token/jwtkey.h"
#include "token/keyentry.h"

#include <QJsonArray>
#include <QList>
#include <QString>
#include <optional>

namespace pc {

// The keys a verifier trusts (or a minter may use), selected by kid and algorithm.
// A key without a kid matches any token kid: single-key setups (the CLI's --key FILE,
// a config entry without "kid") keep working when the issuer adds a kid to its tokens.
class KeySet {
public:
    KeySet() = default;

    // gatewayd's "auth.keys". Errors start with "keys[i]: <file>: ".
    static Expected<KeySet, TokenError> fromEntries(const QList<KeyEntry> &entries);
    static Expected<KeySet, TokenError> fromConfigJson(const QJsonArray &keys);
    // The CLI's --key FILE (JWK/JWKS, PEM or raw secret, detected from the content).
    // Without `alg` every algorithm of the key's family is allowed (unless a JWK names
    // one); with it, only `alg`. `kid` names a key of a JWK Set, or is given to a key
    // that has none.
    static Expected<KeySet, TokenError>
    fromKeyFile(const QString &path, std::optional<JwsAlgorithm> alg = {}, const QString &kid = {});

    // Refuses a second key with the same non-empty kid.
    TokenStatus add(const JwtKey &key);
    const QList<JwtKey> &keys() const { return m_keys; }
    bool isEmpty() const { return m_keys.isEmpty(); }
    qsizetype size() const { return m_keys.size(); }

    // The keys that may verify a token with header kid `kid` (nullopt: no kid) and
    // algorithm `alg`, in configuration order: unknown_kid or alg_not_allowed if none.
    Expected<QList<JwtKey>, TokenError> candidates(const std::optional<QString> &kid,
                                                   JwsAlgorithm alg) const;
    // The one private key to mint with: by kid if given, else the only key that can sign
    // (with `alg`, if given).
    Expected<JwtKey, TokenError> signingKey(const QString &kid = {},
                                            std::optional<JwsAlgorithm> alg = {}) const;

private:
    QList<JwtKey> m_keys;
};

} // namespace pc
