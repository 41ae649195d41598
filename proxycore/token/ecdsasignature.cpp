#include "token/ecdsasignature.h"

#include "token/opensslutil.h"

using namespace Qt::StringLiterals;

namespace pc {

Expected<QByteArray, TokenError> EcdsaSignature::derToJose(QByteArrayView der, int fieldSize) {
    ossl::ErrorQueueGuard guard;
    const auto *p = reinterpret_cast<const unsigned char *>(der.data());
    ossl::Ptr<ECDSA_SIG> sig(d2i_ECDSA_SIG(nullptr, &p, long(der.size())));
    if (!sig)
        return tokenError(TokenErrorCode::SignFailed, u"OpenSSL returned a bad ECDSA signature"_s);
    const BIGNUM *r = nullptr;
    const BIGNUM *s = nullptr;
    ECDSA_SIG_get0(sig.get(), &r, &s);
    if (BN_num_bytes(r) > fieldSize || BN_num_bytes(s) > fieldSize)
        return tokenError(TokenErrorCode::SignFailed, u"ECDSA signature larger than the curve"_s);
    const QByteArray rBytes = ossl::bignumToBytes(r, fieldSize);
    const QByteArray sBytes = ossl::bignumToBytes(s, fieldSize);
    if (rBytes.isEmpty() || sBytes.isEmpty())
        return tokenError(TokenErrorCode::SignFailed, u"out of memory"_s);
    return rBytes + sBytes;
}

Expected<QByteArray, TokenError> EcdsaSignature::joseToDer(QByteArrayView jose, int fieldSize) {
    ossl::ErrorQueueGuard guard;
    if (jose.size() != 2 * fieldSize) {
        return tokenError(
            TokenErrorCode::BadSignature,
            u"an ECDSA signature must be %1 bytes, not %2"_s.arg(2 * fieldSize).arg(jose.size()));
    }
    ossl::Ptr<BIGNUM> r = ossl::bignumFromBytes(jose.first(fieldSize));
    ossl::Ptr<BIGNUM> s = ossl::bignumFromBytes(jose.sliced(fieldSize));
    if (!r || !s)
        return tokenError(TokenErrorCode::BadSignature, u"out of memory"_s);
    if (BN_is_zero(r.get()) || BN_is_zero(s.get()))
        return tokenError(TokenErrorCode::BadSignature, u"invalid ECDSA signature"_s);
    ossl::Ptr<ECDSA_SIG> sig(ECDSA_SIG_new());
    if (!sig || !ECDSA_SIG_set0(sig.get(), r.get(), s.get()))
        return tokenError(TokenErrorCode::BadSignature, u"out of memory"_s);
    (void)r.release(); // owned by sig now
    (void)s.release();
    unsigned char *der = nullptr;
    const int len = i2d_ECDSA_SIG(sig.get(), &der);
    if (len <= 0)
        return tokenError(TokenErrorCode::BadSignature, u"out of memory"_s);
    QByteArray out(reinterpret_cast<const char *>(der), len);
    OPENSSL_free(der);
    return out;
}

} // namespace pc
