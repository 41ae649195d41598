#include "token/jwscrypto.h"

#include "token/ecdsasignature.h"
#include "token/opensslutil.h"

#include <openssl/crypto.h>
#include <openssl/rsa.h>

using namespace Qt::StringLiterals;

namespace pc {

namespace {

const EVP_MD *digestFor(JwsAlgorithm alg) {
    switch (alg) {
    case JwsAlgorithm::HS256:
    case JwsAlgorithm::RS256:
    case JwsAlgorithm::PS256:
    case JwsAlgorithm::ES256:
        return EVP_sha256();
    case JwsAlgorithm::HS384:
    case JwsAlgorithm::RS384:
    case JwsAlgorithm::ES384:
        return EVP_sha384();
    case JwsAlgorithm::HS512:
    case JwsAlgorithm::RS512:
        return EVP_sha512();
    case JwsAlgorithm::EdDSA:
        return nullptr; // Ed25519 hashes internally (PureEdDSA)
    }
    return nullptr;
}

bool isHmac(JwsAlgorithm alg) {
    return alg == JwsAlgorithm::HS256 || alg == JwsAlgorithm::HS384 || alg == JwsAlgorithm::HS512;
}

int ecFieldSize(JwsAlgorithm alg) {
    return alg == JwsAlgorithm::ES256 ? 32 : alg == JwsAlgorithm::ES384 ? 48 : 0;
}

QByteArray hmac(JwsAlgorithm alg, const JwtKey &key, QByteArrayView input) {
    unsigned char out[EVP_MAX_MD_SIZE];
    size_t len = 0;
    const QByteArrayView secret = key.hmacSecret();
    if (!EVP_Q_mac(nullptr, "HMAC", nullptr, EVP_MD_get0_name(digestFor(alg)), nullptr,
                   secret.data(), size_t(secret.size()),
                   reinterpret_cast<const unsigned char *>(input.data()), size_t(input.size()), out,
                   sizeof out, &len))
        return {};
    return QByteArray(reinterpret_cast<const char *>(out), qsizetype(len));
}

// RSASSA-PKCS1-v1_5 for RS*, RSASSA-PSS with MGF1 of the same hash and a salt as long as
// the hash for PS256 (RFC 7518 §3.5). Verification with SALTLEN_DIGEST demands exactly
// that salt length rather than accepting any.
bool configureRsa(JwsAlgorithm alg, EVP_PKEY_CTX *pctx) {
    if (alg == JwsAlgorithm::PS256) {
        return EVP_PKEY_CTX_set_rsa_padding(pctx, RSA_PKCS1_PSS_PADDING) > 0 &&
               EVP_PKEY_CTX_set_rsa_pss_saltlen(pctx, RSA_PSS_SALTLEN_DIGEST) > 0 &&
               EVP_PKEY_CTX_set_rsa_mgf1_md(pctx, digestFor(alg)) > 0;
    }
    if (alg == JwsAlgorithm::RS256 || alg == JwsAlgorithm::RS384 || alg == JwsAlgorithm::RS512)
        return EVP_PKEY_CTX_set_rsa_padding(pctx, RSA_PKCS1_PADDING) > 0;
    return true;
}

} // namespace

Expected<QByteArray, TokenError> JwsCrypto::sign(JwsAlgorithm alg, const JwtKey &key,
                                                 QByteArrayView input) {
    ossl::ErrorQueueGuard guard;
    if (!key.allows(alg) || !JwtKey::familyAlgorithms(key.type()).contains(alg)) {
        return tokenError(
            TokenErrorCode::AlgNotAllowed,
            u"%1 is not configured for %2"_s.arg(key.description(), jwsAlgorithmName(alg)));
    }
    if (!key.hasPrivate())
        return tokenError(TokenErrorCode::SignFailed,
                          key.description() + u" cannot sign: a private key is needed"_s);
    if (isHmac(alg)) {
        QByteArray mac = hmac(alg, key, input);
        if (mac.isEmpty())
            return tokenError(TokenErrorCode::SignFailed, u"HMAC failed"_s);
        return mac;
    }
    ossl::Ptr<EVP_MD_CTX> ctx(EVP_MD_CTX_new());
    EVP_PKEY_CTX *pctx = nullptr; // owned by ctx
    const auto *data = reinterpret_cast<const unsigned char *>(input.data());
    size_t len = 0;
    if (!ctx || EVP_DigestSignInit(ctx.get(), &pctx, digestFor(alg), nullptr, key.evpKey()) != 1 ||
        !configureRsa(alg, pctx) ||
        EVP_DigestSign(ctx.get(), nullptr, &len, data, size_t(input.size())) != 1) {
        return tokenError(TokenErrorCode::SignFailed, u"OpenSSL could not sign"_s);
    }
    QByteArray signature(qsizetype(len), '\0');
    if (EVP_DigestSign(ctx.get(), reinterpret_cast<unsigned char *>(signature.data()), &len, data,
                       size_t(input.size())) != 1)
        return tokenError(TokenErrorCode::SignFailed, u"OpenSSL could not sign"_s);
    signature.truncate(qsizetype(len));
    if (const int field = ecFieldSize(alg))
        return EcdsaSignature::derToJose(signature, field);
    return signature;
}

bool JwsCrypto::verify(JwsAlgorithm alg, const JwtKey &key, QByteArrayView input,
                       QByteArrayView signature) {
    ossl::ErrorQueueGuard guard;
    // Belt and braces against algorithm confusion: the key must allow `alg`, and `alg`
    // must belong to the key's type (never HMAC with an RSA/EC/Ed25519 key's bytes).
    if (!key.allows(alg) || !JwtKey::familyAlgorithms(key.type()).contains(alg) ||
        signature.isEmpty())
        return false;
    if (isHmac(alg)) {
        const QByteArray expected = hmac(alg, key, input);
        // Constant time: the comparison must not reveal how many leading bytes match.
        return !expected.isEmpty() && expected.size() == signature.size() &&
               CRYPTO_memcmp(expected.constData(), signature.data(), size_t(expected.size())) == 0;
    }
    QByteArray der;
    if (const int field = ecFieldSize(alg)) {
        auto converted = EcdsaSignature::joseToDer(signature, field);
        if (!converted)
            return false;
        der = *converted;
        signature = der;
    }
    ossl::Ptr<EVP_MD_CTX> ctx(EVP_MD_CTX_new());
    EVP_PKEY_CTX *pctx = nullptr; // owned by ctx
    return ctx &&
           EVP_DigestVerifyInit(ctx.get(), &pctx, digestFor(alg), nullptr, key.evpKey()) == 1 &&
           configureRsa(alg, pctx) &&
           EVP_DigestVerify(ctx.get(), reinterpret_cast<const unsigned char *>(signature.data()),
                            size_t(signature.size()),
                            reinterpret_cast<const unsigned char *>(input.data()),
                            size_t(input.size())) == 1;
}

} // namespace pc
