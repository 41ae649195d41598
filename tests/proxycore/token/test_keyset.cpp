// Key sets: gatewayd's config entries, the CLI's --key FILE, descriptions.
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
