// JSON Web Keys and JWK Sets.
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
