// The defences of RFC 8725 (JWT Best Current Practices), one test case each: algorithms and keys.
#include "token/jwkparser.h"
#include "token/jws.h"
#include "token/jwscrypto.h"
#include "token/keyloader.h"
#include "token/keyset.h"
#include "token/tokenverifier.h"
#include "tokentesthelpers.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <catch2/catch.hpp>

using namespace Qt::StringLiterals;
using namespace tt;

namespace {

const QByteArray kSecret = "a-perfectly-good-secret-of-32-bytes!";

pc::KeySet secretSet(const QByteArray &secret = kSecret, const QString &kid = {},
                     std::optional<pc::JwsAlgorithm> alg = {}) {
    return hmacKeySet(secret, kid, alg);
}

QByteArray payload() {
    return compactJson(validClaims(kNow));
}

} // namespace

TEST_CASE("token: a correctly signed HS256 token verifies (baseline for the defences)") {
    const QByteArray token = hsToken(R"({"alg":"HS256","typ":"JWT"})", payload(), kSecret);
    CHECK(verifyCode(token, secretSet()) == "ok");
}

TEST_CASE("token: alg none is refused in any letter case") {
    for (const char *none : {"none", "None", "NONE", "nOnE", "NoNe"}) {
        INFO(none);
        const QByteArray header = QByteArray(R"({"alg":")") + none + R"(","typ":"JWT"})";
        const QByteArray unsignedToken = b64url(header) + '.' + b64url(payload()) + '.';
        CHECK(verifyCode(unsignedToken, secretSet()) == "alg_none");
        // Even with a signature (an HMAC by the right key): "none" is never a signature.
        CHECK(verifyCode(hsToken(header, payload(), kSecret), secretSet()) == "alg_none");
        auto result = pc::Jws::verify(unsignedToken, secretSet());
        CHECK(messageOf(result).find("none") != std::string::npos);
    }
}

TEST_CASE("token: an HS token checked against an RSA/EC/Ed25519 public key is refused "
          "(algorithm confusion)") {
    QTemporaryDir dir;
    for (KeyKind kind : {KeyKind::Rsa, KeyKind::EcP256, KeyKind::EcP384, KeyKind::Ed25519}) {
        EVP_PKEY *key = generatedKey(kind);
        const QByteArray pem = publicSpkiPem(key);
        const QString pemFile = writeFile(dir, u"issuer%1.pub.pem"_s.arg(int(kind)), pem);
        // The attacker knows the public key and HMACs with its exact PEM bytes (and a
        // few variants a naive verifier might use as "the secret").
        const QByteArray der = publicSpkiDer(key);
        for (const QByteArray &guess : {pem, pem.trimmed(), der}) {
            for (const char *alg : {"HS256", "HS384", "HS512"}) {
                const char *digest = QByteArray(alg) == "HS256"   ? "SHA256"
                                     : QByteArray(alg) == "HS384" ? "SHA384"
                                                                  : "SHA512";
                const QByteArray token =
                    hsToken(QByteArray(R"({"alg":")") + alg + R"("})", payload(), guess, digest);

                // As the CLI loads `--key FILE`: a public key, whose family has no HS*.
                auto cli = pc::KeySet::fromKeyFile(pemFile);
                REQUIRE(codeOf(cli) == "ok");
                CHECK(verifyCode(token, *cli) == "alg_not_allowed");

                // As gatewayd's config loads {"publicKeyFile": ...}.
                pc::KeyEntry entry{u"k2"_s, std::nullopt, pc::KeyEntry::Source::PublicKeyFile,
                                   pemFile};
                auto config = pc::KeySet::fromEntries({entry});
                REQUIRE(codeOf(config) == "ok");
                CHECK(verifyCode(token, *config) == "alg_not_allowed");

                // Even asked directly, the primitive refuses HMAC with a public key.
                const QList<QByteArray> parts = token.split('.');
                CHECK_FALSE(pc::JwsCrypto::verify(pc::JwsAlgorithm::HS256, cli->keys().at(0),
                                                  parts[0] + '.' + parts[1], unb64url(parts[2])));
            }
        }
    }
}

TEST_CASE("token: key material offered as an HMAC secret is refused with key_confusion") {
    QTemporaryDir dir;
    EVP_PKEY *rsa = generatedKey(KeyKind::Rsa);
    EVP_PKEY *ec = generatedKey(KeyKind::EcP256);
    const QList<QByteArray> confusing = {
        publicSpkiPem(rsa),
        publicSpkiPem(ec),
        publicPkcs1Pem(rsa),
        selfSignedCertificatePem(ec),
        privatePkcs8Pem(ec),
        QByteArray("\n\n  ") + publicSpkiPem(rsa),
        publicSpkiDer(rsa),
        publicSpkiDer(ec),
        publicSpkiPem(rsa)
            .replace("-----BEGIN PUBLIC KEY-----\n", "")
            .replace("-----END PUBLIC KEY-----\n", ""), // PEM body without armor
        compactJson(jwk(ec, false)),
        QByteArray("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIE7x test@host\n"),
    };
    for (qsizetype i = 0; i < confusing.size(); ++i) {
        INFO("case " << i);
        CHECK(codeOf(pc::JwtKey::fromHmacSecret(confusing[i])) == "key_confusion");
        // Through a config entry {"alg":"HS256","secretFile": ...}.
        const QString path = writeFile(dir, u"confusing%1.secret"_s.arg(i), confusing[i]);
        pc::KeyEntry entry{u"k1"_s, pc::JwsAlgorithm::HS256, pc::KeyEntry::Source::SecretFile,
                           path};
        auto set = pc::KeySet::fromEntries({entry});
        CHECK(codeOf(set) == "key_confusion");
        CHECK(messageOf(set).find(path.toStdString()) != std::string::npos);
    }
    // A JWK of type oct whose "k" holds a PEM public key.
    const QJsonObject oct{{u"kty"_s, u"oct"_s},
                          {u"k"_s, QString::fromLatin1(b64url(publicSpkiPem(rsa)))}};
    CHECK(codeOf(pc::JwkParser::parseKey(oct)) == "key_confusion");
}

TEST_CASE("token: an algorithm the key was not configured for is refused") {
    // Secret configured for HS256 only; the token uses HS384 with the same secret.
    const pc::KeySet hs256 = secretSet(kSecret, {}, pc::JwsAlgorithm::HS256);
    CHECK(verifyCode(hsToken(R"({"alg":"HS384"})", payload(), kSecret, "SHA384"), hs256) ==
          "alg_not_allowed");
    CHECK(verifyCode(hsToken(R"({"alg":"HS256"})", payload(), kSecret), hs256) == "ok");

    // RSA key configured for RS256; a PS256 token by the same private key is refused.
    auto rsa = pc::KeyLoader::fromContent(privatePkcs8Pem(generatedKey(KeyKind::Rsa)));
    REQUIRE(codeOf(rsa) == "ok");
    pc::JwtKey key = rsa->at(0);
    auto ps = pc::Jws::sign(payload(), key, pc::JwsAlgorithm::PS256);
    REQUIRE(codeOf(ps) == "ok");
    REQUIRE(key.restrictTo(pc::JwsAlgorithm::RS256));
    pc::KeySet rs256;
    REQUIRE(rs256.add(key));
    CHECK(verifyCode(*ps, rs256) == "alg_not_allowed");
    // And signing with an algorithm the key is not configured for fails too.
    CHECK(codeOf(pc::Jws::sign(payload(), key, pc::JwsAlgorithm::PS256)) == "alg_not_allowed");

    // Unknown or wrongly cased algorithm names are not "allowed" either.
    for (const char *alg : {"hs256", "HS1024", "ES512", "PS512", "RSA-OAEP", ""}) {
        INFO(alg);
        const QByteArray header = QByteArray(R"({"alg":")") + alg + R"("})";
        CHECK(verifyCode(hsToken(header, payload(), kSecret), secretSet()) == "alg_not_allowed");
    }
}

TEST_CASE("token: an unknown kid is refused, and without kid the compatible keys are tried") {
    pc::KeySet set;
    for (const char *kid : {"k1", "k2"}) {
        auto key = pc::JwtKey::fromHmacSecret(QByteArray("secret-of-") + kid);
        REQUIRE(codeOf(key) == "ok");
        key->setKid(QString::fromLatin1(kid));
        REQUIRE(set.add(*key));
    }
    const QByteArray k2Secret = "secret-of-k2";
    CHECK(verifyCode(hsToken(R"({"alg":"HS256","kid":"k3"})", payload(), k2Secret), set) ==
          "unknown_kid");
    CHECK(verifyCode(hsToken(R"({"alg":"HS256","kid":"k2"})", payload(), k2Secret), set) == "ok");
    // kid names k1 but k2 signed: only k1 is tried.
    CHECK(verifyCode(hsToken(R"({"alg":"HS256","kid":"k1"})", payload(), k2Secret), set) ==
          "bad_signature");
    // No kid: every key allowing HS256 is tried.
    CHECK(verifyCode(hsToken(R"({"alg":"HS256"})", payload(), k2Secret), set) == "ok");
    // A kid that is not a string is a bad header.
    CHECK(verifyCode(hsToken(R"({"alg":"HS256","kid":2})", payload(), k2Secret), set) ==
          "bad_header");

    // A key without kid (the CLI's --key FILE) matches any kid.
    CHECK(verifyCode(hsToken(R"({"alg":"HS256","kid":"whatever"})", payload(), kSecret),
                     secretSet()) == "ok");
}

TEST_CASE("token: a crit header is refused") {
    for (const char *header :
         {R"({"alg":"HS256","crit":["exp"],"exp":1})", R"({"alg":"HS256","crit":[]})",
          R"({"alg":"HS256","crit":null})", R"({"alg":"HS256","b64":false,"crit":["b64"]})"}) {
        INFO(header);
        CHECK(verifyCode(hsToken(header, payload(), kSecret), secretSet()) == "crit_unsupported");
    }
}

TEST_CASE("token: keys embedded in the header are never used") {
    // The attacker signs with their own EC key and ships it as "jwk" in the header.
    EVP_PKEY *attacker = generatedKey(KeyKind::EcP256, 1);
    auto attackerKey = pc::JwkParser::parseKey(jwk(attacker, true));
    REQUIRE(codeOf(attackerKey) == "ok");
    const QJsonObject header{{u"jwk"_s, jwk(attacker, false)},
                             {u"jku"_s, u"https://evil.example/jwks.json"_s}};
    auto token = pc::Jws::sign(payload(), *attackerKey, pc::JwsAlgorithm::ES256, header);
    REQUIRE(codeOf(token) == "ok");

    auto ours = pc::JwkParser::parseKey(jwk(generatedKey(KeyKind::EcP256, 0), false));
    REQUIRE(codeOf(ours) == "ok");
    pc::KeySet set;
    REQUIRE(set.add(*ours));
    CHECK(verifyCode(*token, set) == "bad_signature");
}
