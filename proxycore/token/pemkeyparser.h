#pragma once

#include "token/jwtkey.h"

#include <QByteArrayView>

namespace pc {

// Reads the first key of a PEM document: private keys (PKCS#8 "PRIVATE KEY", traditional
// "RSA PRIVATE KEY" / "EC PRIVATE KEY"), public keys (SPKI "PUBLIC KEY", PKCS#1 "RSA
// PUBLIC KEY") and X.509 certificates (their public key). Encrypted keys are refused.
class PemKeyParser {
public:
    static Expected<JwtKey, TokenError> parse(QByteArrayView pem);
};

} // namespace pc
