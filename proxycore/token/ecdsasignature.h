#pragma once

#include "token/tokenerror.h"

#include <QByteArray>
#include <QByteArrayView>

namespace pc {

// JOSE's ECDSA signature is R || S, each exactly the curve's size (32 bytes for P-256,
// 48 for P-384; RFC 7518 §3.4); OpenSSL works with DER-encoded ECDSA-Sig-Value.
class EcdsaSignature {
public:
    static Expected<QByteArray, TokenError> derToJose(QByteArrayView der, int fieldSize);
    // Refuses any length but 2 * fieldSize, and R or S of zero.
    static Expected<QByteArray, TokenError> joseToDer(QByteArrayView jose, int fieldSize);
};

} // namespace pc
