// Key files: raw secrets and PEM.
#include "token/jwkparser.h"
#include "token/jws.h"
#include "token/keyloader.h"
#include "token/keyset.h"
#include "token/pemkeyparser.h"
#include "tokentesthelpers.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <catch2/catch.hpp>
#include <openssl/pem.h>

using namespace Qt::StringLiterals;
using namespace tt;

TEST_CASE("token: a secret file loses one trailing newline when it is text") {
    QTemporaryDir dir;
    struct Case {
        QByteArray content;
        QByteArray secret;
    };
    const QByteArray binary("\x01\xfe\x80secret\n", 10);
    const Case cases[] = {
        {"abc", "abc"},
        {"abc\n", "abc"},
        {"abc\r\n", "abc"},
        {"abc\n\n", "abc\n"},
        {"  spaced secret  \n", "  spaced secret  "},
        {"gr\xc3\xbc\xc3\x9f dich\n", "gr\xc3\xbc\xc3\x9f dich"},
        {binary, binary}, // binary secrets are used byte for byte
    };
    for (const Case &c : cases) {
        INFO(c.content.toStdString());
        const QByteArray check = hmac(c.secret, "input");
        const QString path = writeFile(dir, u"s.secret"_s, c.content);
        auto key = pc::KeyLoader::loadSecretFile(path);
        REQUIRE(codeOf(key) == "ok");
        CHECK(key->hmacSecret() == QByteArrayView(c.secret));
        CHECK(hmac(key->hmacSecret().toByteArray(), "input") == check);
    }
    for (const QByteArray &empty : {QByteArray(), QByteArray("\n"), QByteArray("\r\n")}) {
        const QString path = writeFile(dir, u"empty.secret"_s, empty);
        CHECK(codeOf(pc::KeyLoader::loadSecretFile(path)) == "bad_key");
    }
    auto missing = pc::KeyLoader::loadSecretFile(dir.filePath(u"missing.secret"_s));
    CHECK(codeOf(missing) == "key_file_io");
    CHECK(messageOf(missing).find("missing.secret") != std::string::npos);
    const QString huge = writeFile(dir, u"huge.secret"_s, QByteArray(2 * 1024 * 1024, 'x'));
    CHECK(codeOf(pc::KeyLoader::loadSecretFile(huge)) == "bad_key");
}

TEST_CASE("token: key file formats are detected from the content") {
    CHECK(pc::KeyLoader::detectFormat("  {\"kty\":\"oct\"}") == pc::KeyFileFormat::Jwk);
    CHECK(pc::KeyLoader::detectFormat(publicSpkiPem(generatedKey(KeyKind::EcP256))) ==
          pc::KeyFileFormat::Pem);
    CHECK(pc::KeyLoader::detectFormat("just a secret\n") == pc::KeyFileFormat::RawSecret);
    // Binary that happens to start with '{' is a secret, not JSON.
    CHECK(pc::KeyLoader::detectFormat(QByteArray("{\x00\xff\x01", 4)) ==
          pc::KeyFileFormat::RawSecret);
}

TEST_CASE("token: PEM private keys, public keys and certificates load") {
    for (KeyKind kind : {KeyKind::Rsa, KeyKind::EcP256, KeyKind::EcP384, KeyKind::Ed25519}) {
        INFO("kind " << int(kind));
        EVP_PKEY *pkey = generatedKey(kind);
        auto priv = pc::PemKeyParser::parse(privatePkcs8Pem(pkey));
        REQUIRE(codeOf(priv) == "ok");
        CHECK(priv->hasPrivate());
        QList<QByteArray> publicForms{publicSpkiPem(pkey), selfSignedCertificatePem(pkey)};
        if (kind != KeyKind::Ed25519) {
            auto traditional = pc::PemKeyParser::parse(privateTraditionalPem(pkey));
            REQUIRE(codeOf(traditional) == "ok");
            CHECK(traditional->hasPrivate());
            CHECK(samePair(*traditional, *priv));
        }
        if (kind == KeyKind::Rsa)
            publicForms << publicPkcs1Pem(pkey);
        for (const QByteArray &pem : publicForms) {
            auto pub = pc::PemKeyParser::parse(pem);
            REQUIRE(codeOf(pub) == "ok");
            CHECK_FALSE(pub->hasPrivate());
            CHECK(pub->type() == priv->type());
            CHECK(samePair(*priv, *pub));
            CHECK(codeOf(pc::Jws::sign("x", *pub, pc::defaultAlgorithm(*pub))) == "sign_failed");
        }
    }
}

TEST_CASE("token: PEM oddities: parameters before the key, encrypted, garbage, weak keys") {
    EVP_PKEY *ec = generatedKey(KeyKind::EcP256);
    BIO *bio = BIO_new(BIO_s_mem());
    REQUIRE(PEM_write_bio_Parameters(bio, ec) == 1);
    char *data = nullptr;
    const long len = BIO_get_mem_data(bio, &data);
    const QByteArray params(data, len);
    BIO_free(bio);
    REQUIRE(params.contains("EC PARAMETERS"));
    auto key = pc::PemKeyParser::parse(params + privateTraditionalPem(ec));
    REQUIRE(codeOf(key) == "ok");
    CHECK(key->type() == pc::KeyType::EcP256);

    bio = BIO_new(BIO_s_mem());
    REQUIRE(PEM_write_bio_PKCS8PrivateKey(bio, ec, EVP_aes_256_cbc(), nullptr, 0, nullptr,
                                          const_cast<char *>("passphrase")) == 1);
    const long encLen = BIO_get_mem_data(bio, &data);
    const QByteArray encrypted(data, encLen);
    BIO_free(bio);
    auto enc = pc::PemKeyParser::parse(encrypted);
    CHECK(codeOf(enc) == "bad_key");
    CHECK(messageOf(enc).find("encrypted") != std::string::npos);

    CHECK(codeOf(pc::PemKeyParser::parse("-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC "
                                         "KEY-----\n")) == "bad_key");
    CHECK(codeOf(pc::PemKeyParser::parse("no pem here")) == "bad_key");
    CHECK(codeOf(pc::PemKeyParser::parse("")) == "bad_key");

    EVP_PKEY *small = EVP_PKEY_Q_keygen(nullptr, nullptr, "RSA", size_t(1024));
    auto weak = pc::PemKeyParser::parse(publicSpkiPem(small));
    CHECK(codeOf(weak) == "bad_key");
    CHECK(messageOf(weak).find("2048") != std::string::npos);
    EVP_PKEY_free(small);

    EVP_PKEY *p521 = EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-521");
    CHECK(codeOf(pc::PemKeyParser::parse(publicSpkiPem(p521))) == "bad_key");
    EVP_PKEY_free(p521);
    EVP_PKEY *x25519 = EVP_PKEY_Q_keygen(nullptr, nullptr, "X25519");
    CHECK(codeOf(pc::PemKeyParser::parse(publicSpkiPem(x25519))) == "bad_key");
    EVP_PKEY_free(x25519);
}
