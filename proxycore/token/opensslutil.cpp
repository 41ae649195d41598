#include "token/opensslutil.h"

namespace pc::ossl {

std::shared_ptr<EVP_PKEY> shareKey(Ptr<EVP_PKEY> key) {
    return std::shared_ptr<EVP_PKEY>(key.release(), EVP_PKEY_free);
}

Ptr<BIGNUM> bignumFromBytes(QByteArrayView bytes) {
    return Ptr<BIGNUM>(BN_bin2bn(reinterpret_cast<const unsigned char *>(bytes.data()),
                                 int(bytes.size()), nullptr));
}

QByteArray bignumToBytes(const BIGNUM *bn, int width) {
    const int size = width > 0 ? width : BN_num_bytes(bn);
    QByteArray out(size, '\0');
    if (BN_bn2binpad(bn, reinterpret_cast<unsigned char *>(out.data()), size) != size)
        return {};
    return out;
}

Ptr<EVP_PKEY> decodeKey(QByteArrayView data, const char *inputType, const char *structure,
                        const char *keyType, int selection) {
    EVP_PKEY *pkey = nullptr;
    Ptr<OSSL_DECODER_CTX> ctx(OSSL_DECODER_CTX_new_for_pkey(&pkey, inputType, structure, keyType,
                                                            selection, nullptr, nullptr));
    if (!ctx || OSSL_DECODER_CTX_get_num_decoders(ctx.get()) == 0)
        return {};
    // Encrypted keys would make OpenSSL prompt for a passphrase on the terminal; we
    // install no passphrase callback, so they fail cleanly instead.
    const auto *ptr = reinterpret_cast<const unsigned char *>(data.data());
    size_t len = size_t(data.size());
    if (!OSSL_DECODER_from_data(ctx.get(), &ptr, &len)) {
        EVP_PKEY_free(pkey);
        return {};
    }
    return Ptr<EVP_PKEY>(pkey);
}

} // namespace pc::ossl
