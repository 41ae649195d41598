#pragma once

#include "token/jwsalgorithm.h"
#include "token/tokenerror.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QList>
#include <QString>
#include <memory>
#include <optional>

struct evp_pkey_st; // OpenSSL's EVP_PKEY, kept out of this public header

namespace pc {

enum class KeyType { Hmac, Rsa, EcP256, EcP384, Ed25519 };

// "HMAC", "RSA", "EC P-256", "EC P-384", "Ed25519".
QString keyTypeName(KeyType type);

// One key usable for JWS: an HMAC secret or an OpenSSL public/private key, with the
// algorithms it may be used with. Cheap to copy (key material is shared, immutable).
// Build keys with KeyLoader (files), JwkParser (JWK JSON) or PemKeyParser (PEM).
class JwtKey {
public:
    JwtKey() = default; // a null key: isNull() is true and it allows no algorithm

    // An HMAC secret (any length >= 1 byte; see strengthWarning()). Refused with
    // key_confusion when the bytes are asymmetric key material (PEM, JWK, DER, OpenSSH):
    // such a "secret" is public, and HMAC with it is the classic RSA/HMAC confusion attack.
    static Expected<JwtKey, TokenError> fromHmacSecret(QByteArrayView secret);
    // Wraps an OpenSSL key (RSA >= 2048 bits, EC P-256/P-384, Ed25519). Used by the parsers.
    static Expected<JwtKey, TokenError> fromEvpKey(std::shared_ptr<evp_pkey_st> key,
                                                   bool hasPrivate);

    bool isNull() const { return !m_secret && !m_pkey; }
    KeyType type() const { return m_type; }
    bool isHmac() const { return m_type == KeyType::Hmac; }
    bool hasPrivate() const { return m_hasPrivate; } // true for HMAC secrets
    int bits() const { return m_bits; }

    const QString &kid() const { return m_kid; }
    void setKid(const QString &kid) { m_kid = kid; }

    // The algorithms this key may be used with: its family (familyAlgorithms) unless it
    // was configured for one algorithm with restrictTo() (or a JWK "alg" member).
    const QList<JwsAlgorithm> &algorithms() const { return m_algorithms; }
    bool allows(JwsAlgorithm alg) const { return m_algorithms.contains(alg); }
    // Configures the key for exactly `alg`; bad_key if `alg` is not of its family.
    TokenStatus restrictTo(JwsAlgorithm alg);
    static QList<JwsAlgorithm> familyAlgorithms(KeyType type);

    // e.g. "RSA-2048 public key (kid k2)"; never contains key material.
    QString description() const;
    // Non-empty when the key is usable but weaker than RFC 7518 asks for (HMAC secret
    // shorter than the hash output of an algorithm it allows). Loading stays permissive
    // because secrets of the original pmproxy may be short; the CLI/config may warn.
    // `alg` defaults to defaultAlgorithm(*this).
    QString strengthWarning(std::optional<JwsAlgorithm> alg = std::nullopt) const;

    // For the JWS layer only.
    QByteArrayView hmacSecret() const;
    evp_pkey_st *evpKey() const { return m_pkey.get(); }

private:
    struct Secret;

    KeyType m_type = KeyType::Hmac;
    std::shared_ptr<const Secret> m_secret;
    std::shared_ptr<evp_pkey_st> m_pkey;
    bool m_hasPrivate = false;
    int m_bits = 0;
    QString m_kid;
    QList<JwsAlgorithm> m_algorithms;
};

// The algorithm to mint with: the key's single configured algorithm, else HS256 for a
// secret, RS256 for RSA, ES256/ES384 by curve, EdDSA for Ed25519.
JwsAlgorithm defaultAlgorithm(const JwtKey &key);

} // namespace pc
