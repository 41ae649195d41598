#include "tokentesthelpers.h"

#include "token/jws.h"
#include "token/tokenverifier.h"

#include <QFile>
#include <QJsonDocument>
#include <map>
#include <memory>
#include <openssl/core_names.h>
#include <openssl/encoder.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <stdexcept>

using namespace Qt::StringLiterals;

namespace tt {

namespace {

QByteArray bioBytes(BIO *bio) {
    char *data = nullptr;
    const long len = BIO_get_mem_data(bio, &data);
    QByteArray out(data, qsizetype(len));
    BIO_free(bio);
    return out;
}

void require(bool ok, const char *what) {
    if (!ok)
        throw std::runtime_error(what);
}

QByteArray bn(EVP_PKEY *key, const char *name, int width = 0) {
    BIGNUM *value = nullptr;
    require(EVP_PKEY_get_bn_param(key, name, &value) == 1, name);
    const int size = width ? width : BN_num_bytes(value);
    QByteArray out(size, '\0');
    BN_bn2binpad(value, reinterpret_cast<unsigned char *>(out.data()), size);
    BN_clear_free(value);
    return out;
}

} // namespace

EVP_PKEY *generatedKey(KeyKind kind, int index) {
    // Lives for the whole test run; freed at exit so leak checkers stay quiet.
    struct Free {
        void operator()(EVP_PKEY *key) const { EVP_PKEY_free(key); }
    };
    static std::map<std::pair<int, int>, std::unique_ptr<EVP_PKEY, Free>> cache;
    const std::pair<int, int> id(int(kind), index);
    if (auto it = cache.find(id); it != cache.end())
        return it->second.get();
    EVP_PKEY *key = nullptr;
    switch (kind) {
    case KeyKind::Rsa:
        key = EVP_PKEY_Q_keygen(nullptr, nullptr, "RSA", size_t(2048));
        break;
    case KeyKind::EcP256:
        key = EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256");
        break;
    case KeyKind::EcP384:
        key = EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-384");
        break;
    case KeyKind::Ed25519:
        key = EVP_PKEY_Q_keygen(nullptr, nullptr, "ED25519");
        break;
    }
    require(key != nullptr, "keygen");
    cache.emplace(id, std::unique_ptr<EVP_PKEY, Free>(key));
    return key;
}

QByteArray privatePkcs8Pem(EVP_PKEY *key) {
    BIO *bio = BIO_new(BIO_s_mem());
    require(PEM_write_bio_PrivateKey(bio, key, nullptr, nullptr, 0, nullptr, nullptr) == 1,
            "pkcs8");
    return bioBytes(bio);
}

QByteArray privateTraditionalPem(EVP_PKEY *key) {
    BIO *bio = BIO_new(BIO_s_mem());
    require(PEM_write_bio_PrivateKey_traditional(bio, key, nullptr, nullptr, 0, nullptr, nullptr) ==
                1,
            "traditional");
    return bioBytes(bio);
}

QByteArray publicSpkiPem(EVP_PKEY *key) {
    BIO *bio = BIO_new(BIO_s_mem());
    require(PEM_write_bio_PUBKEY(bio, key) == 1, "spki");
    return bioBytes(bio);
}

QByteArray publicSpkiDer(EVP_PKEY *key) {
    unsigned char *der = nullptr;
    const int len = i2d_PUBKEY(key, &der);
    require(len > 0, "spki der");
    QByteArray out(reinterpret_cast<const char *>(der), len);
    OPENSSL_free(der);
    return out;
}

QByteArray publicPkcs1Pem(EVP_PKEY *key) {
    OSSL_ENCODER_CTX *ctx =
        OSSL_ENCODER_CTX_new_for_pkey(key, EVP_PKEY_PUBLIC_KEY, "PEM", "type-specific", nullptr);
    require(ctx && OSSL_ENCODER_CTX_get_num_encoders(ctx) > 0, "pkcs1 encoder");
    unsigned char *data = nullptr;
    size_t len = 0;
    require(OSSL_ENCODER_to_data(ctx, &data, &len) == 1, "pkcs1");
    OSSL_ENCODER_CTX_free(ctx);
    QByteArray out(reinterpret_cast<const char *>(data), qsizetype(len));
    OPENSSL_free(data);
    return out;
}

QByteArray selfSignedCertificatePem(EVP_PKEY *key) {
    X509 *cert = X509_new();
    X509_set_version(cert, 2);
    ASN1_INTEGER_set(X509_get_serialNumber(cert), 1);
    X509_gmtime_adj(X509_getm_notBefore(cert), 0);
    X509_gmtime_adj(X509_getm_notAfter(cert), 3600);
    X509_set_pubkey(cert, key);
    X509_NAME *name = X509_get_subject_name(cert);
    X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC,
                               reinterpret_cast<const unsigned char *>("issuer.test"), -1, -1, 0);
    X509_set_issuer_name(cert, name);
    const EVP_MD *md = EVP_PKEY_is_a(key, "ED25519") ? nullptr : EVP_sha256();
    require(X509_sign(cert, key, md) > 0, "x509 sign");
    BIO *bio = BIO_new(BIO_s_mem());
    PEM_write_bio_X509(bio, cert);
    X509_free(cert);
    return bioBytes(bio);
}

QJsonObject jwk(EVP_PKEY *key, bool withPrivate) {
    auto s = [](const QByteArray &bytes) { return QString::fromLatin1(b64url(bytes)); };
    QJsonObject out;
    if (EVP_PKEY_is_a(key, "RSA")) {
        out = {{u"kty"_s, u"RSA"_s},
               {u"n"_s, s(bn(key, OSSL_PKEY_PARAM_RSA_N))},
               {u"e"_s, s(bn(key, OSSL_PKEY_PARAM_RSA_E))}};
        if (withPrivate) {
            out.insert(u"d"_s, s(bn(key, OSSL_PKEY_PARAM_RSA_D)));
            out.insert(u"p"_s, s(bn(key, OSSL_PKEY_PARAM_RSA_FACTOR1)));
            out.insert(u"q"_s, s(bn(key, OSSL_PKEY_PARAM_RSA_FACTOR2)));
            out.insert(u"dp"_s, s(bn(key, OSSL_PKEY_PARAM_RSA_EXPONENT1)));
            out.insert(u"dq"_s, s(bn(key, OSSL_PKEY_PARAM_RSA_EXPONENT2)));
            out.insert(u"qi"_s, s(bn(key, OSSL_PKEY_PARAM_RSA_COEFFICIENT1)));
        }
    } else if (EVP_PKEY_is_a(key, "EC")) {
        const int size = EVP_PKEY_get_bits(key) == 384 ? 48 : 32;
        out = {{u"kty"_s, u"EC"_s},
               {u"crv"_s, size == 48 ? u"P-384"_s : u"P-256"_s},
               {u"x"_s, s(bn(key, OSSL_PKEY_PARAM_EC_PUB_X, size))},
               {u"y"_s, s(bn(key, OSSL_PKEY_PARAM_EC_PUB_Y, size))}};
        if (withPrivate)
            out.insert(u"d"_s, s(bn(key, OSSL_PKEY_PARAM_PRIV_KEY, size)));
    } else {
        unsigned char raw[32];
        size_t len = sizeof raw;
        require(EVP_PKEY_get_raw_public_key(key, raw, &len) == 1, "raw public");
        out = {{u"kty"_s, u"OKP"_s},
               {u"crv"_s, u"Ed25519"_s},
               {u"x"_s, s(QByteArray(reinterpret_cast<const char *>(raw), qsizetype(len)))}};
        if (withPrivate) {
            len = sizeof raw;
            require(EVP_PKEY_get_raw_private_key(key, raw, &len) == 1, "raw private");
            out.insert(u"d"_s, s(QByteArray(reinterpret_cast<const char *>(raw), qsizetype(len))));
        }
    }
    return out;
}

QString writeFile(const QTemporaryDir &dir, const QString &name, const QByteArray &content) {
    const QString path = dir.filePath(name);
    QFile file(path);
    require(file.open(QIODevice::WriteOnly | QIODevice::Truncate), "open for writing");
    require(file.write(content) == content.size(), "write");
    return path;
}

QString dataPath(const QString &name) {
    return QStringLiteral(PMPROXY_TEST_DATA_DIR) + u"/"_s + name;
}

QByteArray readData(const QString &name) {
    QFile file(dataPath(name));
    require(file.open(QIODevice::ReadOnly), "test data");
    return file.readAll();
}

QByteArray b64url(const QByteArray &bytes) {
    return bytes.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
}

QByteArray unb64url(const QByteArray &text) {
    return QByteArray::fromBase64(text, QByteArray::Base64UrlEncoding);
}

QByteArray compactJson(const QJsonObject &object) {
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

QByteArray hmac(const QByteArray &key, const QByteArray &data, const char *digest) {
    unsigned char out[EVP_MAX_MD_SIZE];
    size_t len = 0;
    require(EVP_Q_mac(nullptr, "HMAC", nullptr, digest, nullptr, key.constData(),
                      size_t(key.size()), reinterpret_cast<const unsigned char *>(data.constData()),
                      size_t(data.size()), out, sizeof out, &len) != nullptr,
            "hmac");
    return QByteArray(reinterpret_cast<const char *>(out), qsizetype(len));
}

QByteArray craftToken(const QByteArray &headerJson, const QByteArray &payloadJson,
                      const QByteArray &signature) {
    return b64url(headerJson) + '.' + b64url(payloadJson) + '.' + b64url(signature);
}

QByteArray hsToken(const QByteArray &headerJson, const QByteArray &payloadJson,
                   const QByteArray &secret, const char *digest) {
    const QByteArray input = b64url(headerJson) + '.' + b64url(payloadJson);
    return input + '.' + b64url(hmac(secret, input, digest));
}

QJsonObject validClaims(qint64 now) {
    return {{u"exp"_s, now + 300},
            {u"iat"_s, now},
            {u"nbf"_s, now},
            {u"ip"_s, u"10.0.0.5"_s},
            {u"upstream"_s, u"gw1.example.com"_s}};
}

QByteArray jwksOf(const QJsonArray &keys) {
    return QJsonDocument(QJsonObject{{u"keys"_s, keys}}).toJson();
}

bool samePair(const pc::JwtKey &signer, const pc::JwtKey &verifier) {
    auto token = pc::Jws::sign("payload", signer, pc::defaultAlgorithm(signer));
    require(bool(token), "sign");
    pc::KeySet set;
    require(bool(set.add(verifier)), "key set");
    return bool(pc::Jws::verify(*token, set));
}

pc::KeySet hmacKeySet(const QByteArray &secret, const QString &kid,
                      std::optional<pc::JwsAlgorithm> alg) {
    auto key = pc::JwtKey::fromHmacSecret(secret);
    require(bool(key), "secret");
    key->setKid(kid);
    if (alg)
        require(bool(key->restrictTo(*alg)), "restrictTo");
    pc::KeySet set;
    require(bool(set.add(*key)), "key set");
    return set;
}

std::string verifyCode(const QByteArray &token, const pc::KeySet &keys) {
    pc::TokenVerifier verifier({keys, 30, fixedClock(), {}, {}, {}});
    return codeOf(verifier.verify(QByteArrayView(token)));
}

} // namespace tt
