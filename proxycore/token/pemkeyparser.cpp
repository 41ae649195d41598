#include "token/pemkeyparser.h"

#include "token/opensslutil.h"

#include <openssl/pem.h>

using namespace Qt::StringLiterals;

namespace pc {

namespace {

struct PemBlock {
    QByteArray label;
    QByteArray headers;
    QByteArray der;
};

// Next PEM block of `bio`, or nullopt at the end (or on garbage).
std::optional<PemBlock> readBlock(BIO *bio) {
    char *name = nullptr;
    char *header = nullptr;
    unsigned char *data = nullptr;
    long len = 0;
    if (PEM_read_bio(bio, &name, &header, &data, &len) != 1)
        return std::nullopt;
    PemBlock block{QByteArray(name), QByteArray(header),
                   QByteArray(reinterpret_cast<const char *>(data), qsizetype(len))};
    OPENSSL_free(name);
    OPENSSL_free(header);
    OPENSSL_clear_free(data, size_t(len));
    return block;
}

Expected<JwtKey, TokenError> fromDecoded(ossl::Ptr<EVP_PKEY> pkey, bool hasPrivate,
                                         const QByteArray &label) {
    if (!pkey) {
        return tokenError(
            TokenErrorCode::BadKey,
            u"the PEM block \"%1\" does not hold a valid key"_s.arg(QString::fromLatin1(label)));
    }
    return JwtKey::fromEvpKey(ossl::shareKey(std::move(pkey)), hasPrivate);
}

Expected<JwtKey, TokenError> fromCertificate(const PemBlock &block) {
    const auto *p = reinterpret_cast<const unsigned char *>(block.der.constData());
    ossl::Ptr<X509> cert(d2i_X509(nullptr, &p, long(block.der.size())));
    if (!cert)
        return tokenError(TokenErrorCode::BadKey, u"invalid X.509 certificate in PEM"_s);
    return fromDecoded(ossl::Ptr<EVP_PKEY>(X509_get_pubkey(cert.get())), false, block.label);
}

} // namespace

Expected<JwtKey, TokenError> PemKeyParser::parse(QByteArrayView pem) {
    ossl::ErrorQueueGuard guard;
    ossl::Ptr<BIO> bio(BIO_new_mem_buf(pem.data(), int(pem.size())));
    if (!bio)
        return tokenError(TokenErrorCode::BadKey, u"out of memory"_s);

    while (auto block = readBlock(bio.get())) {
        const QByteArray &label = block->label;
        if (label == "ENCRYPTED PRIVATE KEY" || block->headers.contains("ENCRYPTED")) {
            return tokenError(TokenErrorCode::BadKey,
                              u"encrypted private keys are not supported; decrypt it with "
                              u"`openssl pkey -in KEY -out KEY.plain`"_s);
        }
        if (label == "PRIVATE KEY")
            return fromDecoded(
                ossl::decodeKey(block->der, "DER", "PrivateKeyInfo", nullptr, EVP_PKEY_KEYPAIR),
                true, label);
        if (label == "RSA PRIVATE KEY")
            return fromDecoded(ossl::decodeKey(block->der, "DER", nullptr, "RSA", EVP_PKEY_KEYPAIR),
                               true, label);
        if (label == "EC PRIVATE KEY")
            return fromDecoded(ossl::decodeKey(block->der, "DER", nullptr, "EC", EVP_PKEY_KEYPAIR),
                               true, label);
        if (label == "PUBLIC KEY")
            return fromDecoded(ossl::decodeKey(block->der, "DER", "SubjectPublicKeyInfo", nullptr,
                                               EVP_PKEY_PUBLIC_KEY),
                               false, label);
        if (label == "RSA PUBLIC KEY")
            return fromDecoded(
                ossl::decodeKey(block->der, "DER", nullptr, "RSA", EVP_PKEY_PUBLIC_KEY), false,
                label);
        if (label == "CERTIFICATE" || label == "X509 CERTIFICATE")
            return fromCertificate(*block);
        // Anything else ("EC PARAMETERS", comments-only blocks, ...) is skipped.
    }
    return tokenError(TokenErrorCode::BadKey,
                      u"no private key, public key or certificate found in the PEM data"_s);
}

} // namespace pc
