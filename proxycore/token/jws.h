#pragma once

#include "token/jwtkey.h"
#include "token/keyset.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QJsonObject>
#include <QString>

namespace pc {

// A verified JWS: its protected header, its payload bytes (any content: the JWS layer
// does not interpret them) and the key that verified it.
struct JwsParts {
    QJsonObject header;
    QByteArray payload;
    JwsAlgorithm alg = JwsAlgorithm::HS256;
    QString kid; // the header's kid, empty when absent
    JwtKey key;  // the key whose signature check succeeded
};

// JWS Compact Serialization (RFC 7515 §7.1) with the defences of RFC 8725.
class Jws {
public:
    static constexpr qsizetype MaxTokenSize = 16 * 1024;

    // Checks, in order: size, shape, header (alg none, unknown alg, crit, typ, kid), key
    // selection (kid, then the key's allowed algorithms), the signature. The payload is
    // returned undecoded-as-JSON, so this verifies any JWS (RFC 7515/8037 vectors too).
    static Expected<JwsParts, TokenError> verify(QByteArrayView token, const KeySet &keys);

    // Signs `payload` with header {"alg": alg} plus `extraHeader` (e.g. kid, typ).
    static Expected<QByteArray, TokenError> sign(const QByteArray &payload, const JwtKey &key,
                                                 JwsAlgorithm alg,
                                                 const QJsonObject &extraHeader = {});
    // Signs with these exact header bytes (they must be a JSON object naming an `alg`
    // the key allows): reproduces published vectors byte for byte.
    static Expected<QByteArray, TokenError>
    signWithHeader(const QByteArray &headerJson, const QByteArray &payload, const JwtKey &key);
};

} // namespace pc
