// Key files: raw secrets, PEM, JWK/JWKS; config entries and the CLI's --key FILE.
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

namespace {

QByteArray jwksOf(const QJsonArray &keys) {
    return QJsonDocument(QJsonObject{{u"keys"_s, keys}}).toJson();
}

// Signs with `signer` and verifies with `verifier`: the two keys form a pair.
bool samePair(const pc::JwtKey &signer, const pc::JwtKey &verifier) {
    auto token = pc::Jws::sign("payload", signer, pc::defaultAlgorithm(signer));
    REQUIRE(codeOf(token) == "ok");
    pc::KeySet set;
    REQUIRE(set.add(verifier));
    return bool(pc::Jws::verify(*token, set));
}

} // namespace

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

TEST_CASE("token: JWKs of every type load, public and private") {
    for (KeyKind kind : {KeyKind::Rsa, KeyKind::EcP256, KeyKind::EcP384, KeyKind::Ed25519}) {
        INFO("kind " << int(kind));
        EVP_PKEY *pkey = generatedKey(kind);
        auto priv = pc::JwkParser::parseKey(jwk(pkey, true));
        auto pub = pc::JwkParser::parseKey(jwk(pkey, false));
        REQUIRE(codeOf(priv) == "ok");
        REQUIRE(codeOf(pub) == "ok");
        CHECK(priv->hasPrivate());
        CHECK_FALSE(pub->hasPrivate());
        CHECK(samePair(*priv, *pub));
        // ... and interoperate with the same key read from PEM.
        auto pem = pc::PemKeyParser::parse(privatePkcs8Pem(pkey));
        REQUIRE(codeOf(pem) == "ok");
        CHECK(samePair(*pem, *pub));
        CHECK(samePair(*priv, *pem));
    }
    auto oct = pc::JwkParser::parseKey(
        {{u"kty"_s, u"oct"_s}, {u"k"_s, u"c2VjcmV0"_s}, {u"kid"_s, u"h1"_s}});
    REQUIRE(codeOf(oct) == "ok");
    CHECK(oct->hmacSecret() == QByteArrayView("secret"));
    CHECK(oct->kid() == u"h1"_s);
}

TEST_CASE("token: JWK members kid, alg, use and key_ops are honoured") {
    QJsonObject ec = jwk(generatedKey(KeyKind::EcP256), false);
    ec.insert(u"kid"_s, u"e1"_s);
    ec.insert(u"alg"_s, u"ES256"_s);
    ec.insert(u"use"_s, u"sig"_s);
    auto key = pc::JwkParser::parseKey(ec);
    REQUIRE(codeOf(key) == "ok");
    CHECK(key->kid() == u"e1"_s);
    CHECK(key->algorithms() == QList<pc::JwsAlgorithm>{pc::JwsAlgorithm::ES256});

    QJsonObject rsa = jwk(generatedKey(KeyKind::Rsa), false);
    rsa.insert(u"alg"_s, u"PS256"_s);
    auto ps = pc::JwkParser::parseKey(rsa);
    REQUIRE(codeOf(ps) == "ok");
    CHECK(ps->algorithms() == QList<pc::JwsAlgorithm>{pc::JwsAlgorithm::PS256});
    CHECK(pc::defaultAlgorithm(*ps) == pc::JwsAlgorithm::PS256);

    auto with = [](QJsonObject o, const QString &name, const QJsonValue &value) {
        o.insert(name, value);
        return o;
    };
    CHECK(codeOf(pc::JwkParser::parseKey(with(ec, u"alg"_s, u"RS256"_s))) == "bad_key");
    CHECK(codeOf(pc::JwkParser::parseKey(with(ec, u"alg"_s, u"none"_s))) == "bad_key");
    CHECK(codeOf(pc::JwkParser::parseKey(with(ec, u"use"_s, u"enc"_s))) == "bad_key");
    CHECK(codeOf(pc::JwkParser::parseKey(with(ec, u"kid"_s, 7))) == "bad_key");
    CHECK(codeOf(pc::JwkParser::parseKey(with(ec, u"key_ops"_s, QJsonArray{u"encrypt"_s}))) ==
          "bad_key");
    CHECK(codeOf(pc::JwkParser::parseKey(with(ec, u"key_ops"_s, QJsonArray{u"verify"_s}))) == "ok");
}

TEST_CASE("token: malformed JWKs are refused") {
    const QJsonObject ec = jwk(generatedKey(KeyKind::EcP256), true);
    const QJsonObject ed = jwk(generatedKey(KeyKind::Ed25519), true);
    const QJsonObject rsa = jwk(generatedKey(KeyKind::Rsa), true);
    auto with = [](QJsonObject o, const QString &name, const QJsonValue &value) {
        o.insert(name, value);
        return o;
    };
    auto without = [](QJsonObject o, const QString &name) {
        o.remove(name);
        return o;
    };
    const QString shortX = QString::fromLatin1(b64url(QByteArray(31, '\x01')));
    const QList<QJsonObject> bad = {
        without(ec, u"kty"_s),
        with(ec, u"kty"_s, u"XYZ"_s),
        with(ec, u"crv"_s, u"P-521"_s),
        with(ec, u"crv"_s, u"secp256k1"_s),
        with(ec, u"x"_s, shortX),           // not full length
        with(ec, u"x"_s, ec.value(u"y"_s)), // not on the curve
        with(ec, u"d"_s, jwk(generatedKey(KeyKind::EcP256, 1), true).value(u"d"_s)), // mismatch
        with(ec, u"x"_s, ec.value(u"x"_s).toString() + u"="_s),                      // padded
        without(ec, u"y"_s),
        with(ed, u"d"_s, jwk(generatedKey(KeyKind::Ed25519, 1), true).value(u"d"_s)),
        with(ed, u"crv"_s, u"Ed448"_s),
        with(ed, u"x"_s, shortX),
        without(rsa, u"n"_s),
        without(rsa, u"qi"_s), // partial CRT members
        with(rsa, u"oth"_s, QJsonArray()),
        with(rsa, u"e"_s, 65537),
        QJsonObject{{u"kty"_s, u"oct"_s}},
        QJsonObject{{u"kty"_s, u"oct"_s}, {u"k"_s, u""_s}},
    };
    for (qsizetype i = 0; i < bad.size(); ++i) {
        INFO("case " << i << ": " << QJsonDocument(bad[i]).toJson().toStdString());
        CHECK(codeOf(pc::JwkParser::parseKey(bad[i])) == "bad_key");
    }
    // A duplicate member anywhere in the document.
    CHECK(codeOf(pc::JwkParser::parseDocument(R"({"kty":"oct","k":"c2VjcmV0","k":"b3RoZXI"})")) ==
          "bad_key");
    CHECK(codeOf(pc::JwkParser::parseDocument("{not json")) == "bad_key");
}

TEST_CASE("token: a JWK Set skips keys that are not for us and refuses when none is left") {
    QJsonObject enc = jwk(generatedKey(KeyKind::Rsa), false);
    enc.insert(u"use"_s, u"enc"_s);
    QJsonObject p521{{u"kty"_s, u"EC"_s}, {u"crv"_s, u"P-521"_s}, {u"x"_s, u"AA"_s}};
    QJsonObject x25519{{u"kty"_s, u"OKP"_s}, {u"crv"_s, u"X25519"_s}, {u"x"_s, u"AA"_s}};
    QJsonObject es512{{u"kty"_s, u"EC"_s}, {u"crv"_s, u"P-256"_s}, {u"alg"_s, u"ES512"_s}};
    QJsonObject good = jwk(generatedKey(KeyKind::EcP256), false);
    good.insert(u"kid"_s, u"good"_s);

    auto keys = pc::JwkParser::parseDocument(jwksOf({enc, p521, x25519, es512, good}));
    REQUIRE(codeOf(keys) == "ok");
    REQUIRE(keys->size() == 1);
    CHECK(keys->at(0).kid() == u"good"_s);

    CHECK(codeOf(pc::JwkParser::parseDocument(jwksOf({enc, p521}))) == "bad_key");
    CHECK(codeOf(pc::JwkParser::parseDocument(jwksOf({}))) == "bad_key");
    CHECK(codeOf(pc::JwkParser::parseDocument(R"({"keys":{}})")) == "bad_key");
    CHECK(codeOf(pc::JwkParser::parseDocument(R"({"keys":[1]})")) == "bad_key");
    // A malformed key of a supported type is an error, not silently skipped.
    QJsonObject broken = good;
    broken.remove(u"y"_s);
    auto refused = pc::JwkParser::parseDocument(jwksOf({good, broken}));
    CHECK(codeOf(refused) == "bad_key");
    CHECK(messageOf(refused).find("keys[1]") != std::string::npos);

    QJsonArray many;
    for (int i = 0; i <= pc::JwkParser::MaxKeys; ++i)
        many << QJsonObject{{u"kty"_s, u"oct"_s}, {u"k"_s, u"c2VjcmV0"_s}};
    CHECK(codeOf(pc::JwkParser::parseDocument(jwksOf(many))) == "bad_key");
}

TEST_CASE("token: config key entries parse and load, with clear errors") {
    QTemporaryDir dir;
    const QString secret = writeFile(dir, u"jwt.secret"_s, "0123456789abcdef0123456789abcdef\n");
    EVP_PKEY *ec = generatedKey(KeyKind::EcP256);
    const QString pub = writeFile(dir, u"issuer.pub.pem"_s, publicSpkiPem(ec));
    QJsonObject e1 = jwk(generatedKey(KeyKind::Ed25519), false);
    e1.insert(u"kid"_s, u"j1"_s);
    QJsonObject e2 = jwk(generatedKey(KeyKind::Rsa), false);
    e2.insert(u"kid"_s, u"j2"_s);
    const QString jwks = writeFile(dir, u"issuer.jwks"_s, jwksOf({e1, e2}));

    const QJsonArray config{
        QJsonObject{{u"kid"_s, u"k1"_s}, {u"alg"_s, u"HS256"_s}, {u"secretFile"_s, secret}},
        QJsonObject{{u"kid"_s, u"k2"_s}, {u"alg"_s, u"ES256"_s}, {u"publicKeyFile"_s, pub}},
        QJsonObject{{u"jwksFile"_s, jwks}},
    };
    auto set = pc::KeySet::fromConfigJson(config);
    REQUIRE(codeOf(set) == "ok");
    REQUIRE(set->size() == 4);
    CHECK(set->keys().at(0).kid() == u"k1"_s);
    CHECK(set->keys().at(0).algorithms() == QList<pc::JwsAlgorithm>{pc::JwsAlgorithm::HS256});
    CHECK(set->keys().at(0).hmacSecret() == QByteArrayView("0123456789abcdef0123456789abcdef"));
    CHECK(set->keys().at(1).type() == pc::KeyType::EcP256);
    CHECK(set->keys().at(2).kid() == u"j1"_s);
    CHECK(set->keys().at(3).kid() == u"j2"_s);
    CHECK(set->keys().at(3).algorithms().size() == 4);

    auto entry = pc::KeyEntry::fromJson(config.at(0).toObject());
    REQUIRE(codeOf(entry) == "ok");
    CHECK(entry->toJson() == config.at(0).toObject());

    // A jwksFile entry with a kid takes that one key.
    auto one = pc::KeySet::fromConfigJson(
        {QJsonObject{{u"kid"_s, u"j2"_s}, {u"alg"_s, u"RS256"_s}, {u"jwksFile"_s, jwks}}});
    REQUIRE(codeOf(one) == "ok");
    REQUIRE(one->size() == 1);
    CHECK(one->keys().at(0).algorithms() == QList<pc::JwsAlgorithm>{pc::JwsAlgorithm::RS256});

    struct Bad {
        QJsonValue entry;
        const char *code;
        const char *mentions;
    };
    const Bad bad[] = {
        {QJsonObject{{u"secretFile"_s, secret}, {u"publicKeyFile"_s, pub}}, "bad_key", "exactly"},
        {QJsonObject{{u"kid"_s, u"x"_s}}, "bad_key", "exactly"},
        {QJsonObject{{u"secretfile"_s, secret}}, "bad_key", "secretfile"},
        {QJsonObject{{u"alg"_s, u"none"_s}, {u"secretFile"_s, secret}}, "bad_key", "none"},
        {QJsonObject{{u"alg"_s, u"HS256"_s}, {u"secretFile"_s, 5}}, "bad_key", "secretFile"},
        {QJsonObject{{u"alg"_s, u"HS256"_s}, {u"publicKeyFile"_s, pub}}, "bad_key", "HS256"},
        {QJsonObject{{u"alg"_s, u"RS256"_s}, {u"secretFile"_s, secret}}, "bad_key", "RS256"},
        {QJsonObject{{u"secretFile"_s, dir.filePath(u"nope"_s)}}, "key_file_io", "nope"},
        {QJsonObject{{u"publicKeyFile"_s, secret}}, "bad_key", "jwt.secret"},
        {QJsonObject{{u"kid"_s, u"zz"_s}, {u"jwksFile"_s, jwks}}, "unknown_kid", "zz"},
        {u"a string"_s, "bad_key", "keys[0]"},
    };
    for (const Bad &b : bad) {
        INFO(QJsonDocument(QJsonArray{b.entry}).toJson().toStdString());
        auto result = pc::KeySet::fromConfigJson({b.entry});
        CHECK(codeOf(result) == b.code);
        CHECK(messageOf(result).find(b.mentions) != std::string::npos);
        CHECK(messageOf(result).find("keys[0]") != std::string::npos);
    }
    // Two keys with one kid.
    auto dup =
        pc::KeySet::fromConfigJson({QJsonObject{{u"kid"_s, u"k"_s}, {u"secretFile"_s, secret}},
                                    QJsonObject{{u"kid"_s, u"k"_s}, {u"publicKeyFile"_s, pub}}});
    CHECK(codeOf(dup) == "bad_key");
    CHECK(messageOf(dup).find("keys[1]") != std::string::npos);
}

TEST_CASE("token: --key FILE loads any format, and alg and kid narrow it") {
    QTemporaryDir dir;
    const QString secret = writeFile(dir, u"cli.secret"_s, "cli-secret\n");
    auto set = pc::KeySet::fromKeyFile(secret);
    REQUIRE(codeOf(set) == "ok");
    CHECK(set->keys().at(0).algorithms().size() == 3); // every HS*
    CHECK(pc::defaultAlgorithm(set->keys().at(0)) == pc::JwsAlgorithm::HS256);

    auto hs512 = pc::KeySet::fromKeyFile(secret, pc::JwsAlgorithm::HS512, u"mykid"_s);
    REQUIRE(codeOf(hs512) == "ok");
    CHECK(hs512->keys().at(0).kid() == u"mykid"_s);
    CHECK(pc::defaultAlgorithm(hs512->keys().at(0)) == pc::JwsAlgorithm::HS512);
    CHECK(codeOf(pc::KeySet::fromKeyFile(secret, pc::JwsAlgorithm::ES256)) == "alg_not_allowed");

    const QString pem =
        writeFile(dir, u"cli.pem"_s, privatePkcs8Pem(generatedKey(KeyKind::EcP384)));
    auto ec = pc::KeySet::fromKeyFile(pem);
    REQUIRE(codeOf(ec) == "ok");
    CHECK(pc::defaultAlgorithm(ec->keys().at(0)) == pc::JwsAlgorithm::ES384);

    QJsonObject a = jwk(generatedKey(KeyKind::Ed25519), true);
    a.insert(u"kid"_s, u"a"_s);
    QJsonObject b = jwk(generatedKey(KeyKind::Rsa), true);
    b.insert(u"kid"_s, u"b"_s);
    const QString jwks = writeFile(dir, u"cli.jwks"_s, jwksOf({a, b}));
    auto both = pc::KeySet::fromKeyFile(jwks);
    REQUIRE(codeOf(both) == "ok");
    CHECK(both->size() == 2);
    CHECK(codeOf(both->signingKey()) == "sign_failed"); // ambiguous
    auto byKid = both->signingKey(u"b"_s);
    REQUIRE(codeOf(byKid) == "ok");
    CHECK(byKid->type() == pc::KeyType::Rsa);
    auto byAlg = both->signingKey({}, pc::JwsAlgorithm::EdDSA);
    REQUIRE(codeOf(byAlg) == "ok");
    CHECK(byAlg->kid() == u"a"_s);
    auto onlyB = pc::KeySet::fromKeyFile(jwks, std::nullopt, u"b"_s);
    REQUIRE(codeOf(onlyB) == "ok");
    CHECK(onlyB->size() == 1);
    CHECK(codeOf(pc::KeySet::fromKeyFile(jwks, std::nullopt, u"c"_s)) == "unknown_kid");
    auto rsaOnly = pc::KeySet::fromKeyFile(jwks, pc::JwsAlgorithm::PS256);
    REQUIRE(codeOf(rsaOnly) == "ok");
    CHECK(rsaOnly->size() == 1);

    const QString pub = writeFile(dir, u"cli.pub"_s, publicSpkiPem(generatedKey(KeyKind::EcP256)));
    auto pubSet = pc::KeySet::fromKeyFile(pub);
    REQUIRE(codeOf(pubSet) == "ok");
    CHECK(codeOf(pubSet->signingKey()) == "sign_failed"); // no private key
}

TEST_CASE("token: key descriptions and warnings never show key material") {
    const QByteArray secret = "short-secret";
    auto key = pc::JwtKey::fromHmacSecret(secret);
    REQUIRE(codeOf(key) == "ok");
    key->setKid(u"k1"_s);
    CHECK(key->description() == u"HMAC secret (12 bytes) (kid k1)"_s);
    CHECK_FALSE(key->description().contains(QString::fromLatin1(secret)));
    CHECK(key->strengthWarning().contains(u"96 bits"_s));
    CHECK(key->strengthWarning(pc::JwsAlgorithm::HS512).contains(u"512"_s));
    auto strong = pc::JwtKey::fromHmacSecret(QByteArray(32, 'k'));
    REQUIRE(codeOf(strong) == "ok");
    CHECK(strong->strengthWarning().isEmpty());
    CHECK_FALSE(strong->strengthWarning(pc::JwsAlgorithm::HS384).isEmpty());
    CHECK(codeOf(pc::JwtKey::fromHmacSecret(QByteArray())) == "bad_key");

    auto rsa = pc::PemKeyParser::parse(publicSpkiPem(generatedKey(KeyKind::Rsa)));
    REQUIRE(codeOf(rsa) == "ok");
    CHECK(rsa->description() == u"RSA-2048 public key"_s);
    CHECK(rsa->strengthWarning().isEmpty());
    CHECK(codeOf(rsa->restrictTo(pc::JwsAlgorithm::ES256)) == "bad_key");
    CHECK(pc::JwtKey().isNull());
    CHECK_FALSE(pc::JwtKey().allows(pc::JwsAlgorithm::HS256));
}
