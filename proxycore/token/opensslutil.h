#pragma once

// Internal to the token module: RAII owners for OpenSSL objects. Not for public headers
// (consumers of proxycore do not link OpenSSL directly).

#include <QByteArray>
#include <QByteArrayView>
#include <memory>
#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/decoder.h>
#include <openssl/ec.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>
#include <openssl/x509.h>

namespace pc::ossl {

struct Free {
    void operator()(EVP_PKEY *p) const { EVP_PKEY_free(p); }
    void operator()(EVP_PKEY_CTX *p) const { EVP_PKEY_CTX_free(p); }
    void operator()(EVP_MD_CTX *p) const { EVP_MD_CTX_free(p); }
    void operator()(BIO *p) const { BIO_free(p); }
    void operator()(BIGNUM *p) const { BN_clear_free(p); }
    void operator()(ECDSA_SIG *p) const { ECDSA_SIG_free(p); }
    void operator()(X509 *p) const { X509_free(p); }
    void operator()(OSSL_PARAM_BLD *p) const { OSSL_PARAM_BLD_free(p); }
    void operator()(OSSL_PARAM *p) const { OSSL_PARAM_free(p); }
    void operator()(OSSL_DECODER_CTX *p) const { OSSL_DECODER_CTX_free(p); }
};

template <typename T> using Ptr = std::unique_ptr<T, Free>;

// Shared ownership of a key, as JwtKey keeps it.
std::shared_ptr<EVP_PKEY> shareKey(Ptr<EVP_PKEY> key);

// OpenSSL reports failures on a thread-local error queue. Our callers get typed errors
// instead, so every entry point clears what it left behind: stale entries would
// otherwise surface in unrelated code on the same thread (Qt's TLS backend reads it).
class ErrorQueueGuard {
public:
    ErrorQueueGuard() = default;
    ~ErrorQueueGuard() { ERR_clear_error(); }
    ErrorQueueGuard(const ErrorQueueGuard &) = delete;
    ErrorQueueGuard &operator=(const ErrorQueueGuard &) = delete;
};

// Big-endian unsigned bytes -> BIGNUM (nullptr on allocation failure).
Ptr<BIGNUM> bignumFromBytes(QByteArrayView bytes);
// BIGNUM -> big-endian unsigned bytes, left-padded with zeros to `width` (0: minimal).
QByteArray bignumToBytes(const BIGNUM *bn, int width = 0);

// A decoder for DER/PEM key data; `selection` is EVP_PKEY_PUBLIC_KEY or EVP_PKEY_KEYPAIR.
Ptr<EVP_PKEY> decodeKey(QByteArrayView data, const char *inputType, const char *structure,
                        const char *keyType, int selection);

} // namespace pc::ossl
