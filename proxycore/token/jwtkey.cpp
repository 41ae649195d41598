#include "token/jwtkey.h"

#include "token/keymaterialsniffer.h"
#include "token/opensslutil.h"

#include <openssl/crypto.h>
#include <openssl/obj_mac.h>
#include <openssl/objects.h>

using namespace Qt::StringLiterals;

namespace pc {

// Owns a private copy of the secret and wipes it when the last JwtKey goes away.
struct JwtKey::Secret {
    explicit Secret(QByteArrayView bytes)
        : data(bytes.data(), bytes.size()) {}
    ~Secret() { OPENSSL_cleanse(data.data(), size_t(data.size())); }
    Secret(const Secret &) = delete;
    Secret &operator=(const Secret &) = delete;

    QByteArray data; // unshared: data() above does not detach
};

QString keyTypeName(KeyType type) {
    switch (type) {
    case KeyType::Hmac:
        return u"HMAC"_s;
    case KeyType::Rsa:
        return u"RSA"_s;
    case KeyType::EcP256:
        return u"EC P-256"_s;
    case KeyType::EcP384:
        return u"EC P-384"_s;
    case KeyType::Ed25519:
        return u"Ed25519"_s;
    }
    return {};
}

QList<JwsAlgorithm> JwtKey::familyAlgorithms(KeyType type) {
    // The first entry of each family is its default algorithm for minting.
    switch (type) {
    case KeyType::Hmac:
        return {JwsAlgorithm::HS256, JwsAlgorithm::HS384, JwsAlgorithm::HS512};
    case KeyType::Rsa:
        return {JwsAlgorithm::RS256, JwsAlgorithm::RS384, JwsAlgorithm::RS512, JwsAlgorithm::PS256};
    case KeyType::EcP256:
        return {JwsAlgorithm::ES256};
    case KeyType::EcP384:
        return {JwsAlgorithm::ES384};
    case KeyType::Ed25519:
        return {JwsAlgorithm::EdDSA};
    }
    return {};
}

Expected<JwtKey, TokenError> JwtKey::fromHmacSecret(QByteArrayView secret) {
    if (secret.isEmpty())
        return tokenError(TokenErrorCode::BadKey, u"the HMAC secret is empty"_s);
    if (auto hint = KeyMaterialSniffer::asymmetricKeyHint(secret)) {
        // Public key material used as an HMAC secret is the RSA/HMAC confusion attack
        // (RFC 8725 §2.1): anyone holding the public key could mint tokens.
        return tokenError(TokenErrorCode::KeyConfusion,
                          u"refusing to use %1 as an HMAC secret (RFC 8725 §2.1): configure a "
                          u"key file as publicKeyFile or jwksFile, not as a secret"_s.arg(*hint));
    }
    JwtKey key;
    key.m_type = KeyType::Hmac;
    key.m_secret = std::make_shared<const Secret>(secret);
    key.m_hasPrivate = true;
    key.m_bits = int(secret.size() * 8);
    key.m_algorithms = familyAlgorithms(KeyType::Hmac);
    return key;
}

namespace {

Expected<KeyType, TokenError> classify(EVP_PKEY *pkey) {
    if (EVP_PKEY_is_a(pkey, "RSA")) {
        const int bits = EVP_PKEY_get_bits(pkey);
        if (bits < 2048) {
            return tokenError(TokenErrorCode::BadKey,
                              u"RSA keys must have at least 2048 bits (RFC 7518 §3.3); this one "
                              u"has %1"_s.arg(bits));
        }
        return KeyType::Rsa;
    }
    if (EVP_PKEY_is_a(pkey, "RSA-PSS")) {
        return tokenError(TokenErrorCode::BadKey,
                          u"RSA-PSS-restricted keys are not supported; use a plain RSA key "
                          u"(it works for PS256 too)"_s);
    }
    if (EVP_PKEY_is_a(pkey, "EC")) {
        char name[64] = {};
        size_t len = 0;
        if (!EVP_PKEY_get_group_name(pkey, name, sizeof name, &len))
            return tokenError(TokenErrorCode::BadKey, u"EC key without a named curve"_s);
        int nid = OBJ_sn2nid(name);
        if (nid == NID_undef)
            nid = EC_curve_nist2nid(name);
        if (nid == NID_X9_62_prime256v1)
            return KeyType::EcP256;
        if (nid == NID_secp384r1)
            return KeyType::EcP384;
        return tokenError(TokenErrorCode::BadKey,
                          u"EC curve %1 is not supported (P-256 for ES256, P-384 for ES384)"_s.arg(
                              QString::fromLatin1(name)));
    }
    if (EVP_PKEY_is_a(pkey, "ED25519"))
        return KeyType::Ed25519;
    return tokenError(TokenErrorCode::BadKey,
                      u"unsupported key type %1 (RSA, EC P-256/P-384 and Ed25519 are)"_s.arg(
                          QString::fromLatin1(EVP_PKEY_get0_type_name(pkey))));
}

} // namespace

Expected<JwtKey, TokenError> JwtKey::fromEvpKey(std::shared_ptr<evp_pkey_st> pkey,
                                                bool hasPrivate) {
    ossl::ErrorQueueGuard guard;
    if (!pkey)
        return tokenError(TokenErrorCode::BadKey, u"no key"_s);
    auto type = classify(pkey.get());
    if (!type)
        return unexpected(type.error());
    JwtKey key;
    key.m_type = *type;
    key.m_pkey = std::move(pkey);
    key.m_hasPrivate = hasPrivate;
    key.m_bits = EVP_PKEY_get_bits(key.m_pkey.get());
    key.m_algorithms = familyAlgorithms(*type);
    return key;
}

TokenStatus JwtKey::restrictTo(JwsAlgorithm alg) {
    if (!familyAlgorithms(m_type).contains(alg)) {
        return tokenError(
            TokenErrorCode::BadKey,
            u"%1 cannot be used with %2 (it can with: %3)"_s.arg(
                description(), jwsAlgorithmName(alg), jwsAlgorithmNames(familyAlgorithms(m_type))));
    }
    m_algorithms = {alg};
    return std::monostate{};
}

QString JwtKey::description() const {
    if (isNull())
        return u"no key"_s;
    QString text;
    switch (m_type) {
    case KeyType::Hmac:
        text = u"HMAC secret (%1 bytes)"_s.arg(m_bits / 8);
        break;
    case KeyType::Rsa:
        text = u"RSA-%1 %2 key"_s.arg(m_bits).arg(m_hasPrivate ? u"private"_s : u"public"_s);
        break;
    default:
        text = keyTypeName(m_type) + (m_hasPrivate ? u" private key"_s : u" public key"_s);
        break;
    }
    if (!m_kid.isEmpty())
        text += u" (kid %1)"_s.arg(m_kid);
    return text;
}

QString JwtKey::strengthWarning(std::optional<JwsAlgorithm> alg) const {
    if (m_type != KeyType::Hmac || isNull())
        return {};
    const JwsAlgorithm used = alg.value_or(defaultAlgorithm(*this));
    // RFC 7518 §3.2: the key must be at least as long as the hash output.
    const int needed = used == JwsAlgorithm::HS512 ? 512 : used == JwsAlgorithm::HS384 ? 384 : 256;
    if (m_bits >= needed)
        return {};
    return u"the HMAC secret has %1 bits; RFC 7518 §3.2 asks for at least %2 for %3"_s.arg(
        QString::number(m_bits), QString::number(needed), jwsAlgorithmName(used));
}

QByteArrayView JwtKey::hmacSecret() const {
    return m_secret ? QByteArrayView(m_secret->data) : QByteArrayView();
}

JwsAlgorithm defaultAlgorithm(const JwtKey &key) {
    if (!key.algorithms().isEmpty())
        return key.algorithms().constFirst();
    return JwtKey::familyAlgorithms(key.type()).constFirst();
}

} // namespace pc
