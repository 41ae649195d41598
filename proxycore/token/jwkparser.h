#pragma once

#include "token/jwtkey.h"

#include <QByteArray>
#include <QJsonObject>
#include <QList>

namespace pc {

// JSON Web Keys (RFC 7517/7518/8037) -> JwtKey, through OpenSSL 3's EVP_PKEY_fromdata.
// kty oct, RSA, EC (P-256, P-384) and OKP (Ed25519); public or private members; kid,
// alg (restricts the key to that algorithm), use and key_ops.
class JwkParser {
public:
    static constexpr int MaxKeys = 100;

    // A JWK Set ({"keys":[...]}) or a single JWK. In a set, keys that are not for
    // signatures or of a type we do not support are skipped (RFC 7517 §5: "SHOULD
    // ignore"); a set left empty, or a malformed key of a supported type, is an error.
    static Expected<QList<JwtKey>, TokenError> parseDocument(const QByteArray &json);
    // One JWK object; every problem is an error.
    static Expected<JwtKey, TokenError> parseKey(const QJsonObject &jwk);
};

} // namespace pc
