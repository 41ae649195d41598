#pragma once

#include "token/jwtkey.h"

#include <QByteArray>
#include <QByteArrayView>

namespace pc {

// The signature primitives of RFC 7518 §3 and RFC 8037 on OpenSSL 3 EVP. Both functions
// refuse an algorithm the key does not allow, whatever the caller checked before.
class JwsCrypto {
public:
    static Expected<QByteArray, TokenError> sign(JwsAlgorithm alg, const JwtKey &key,
                                                 QByteArrayView signingInput);
    static bool verify(JwsAlgorithm alg, const JwtKey &key, QByteArrayView signingInput,
                       QByteArrayView signature);
};

} // namespace pc
