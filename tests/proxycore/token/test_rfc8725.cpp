// The defences of RFC 8725 (JWT Best Current Practices), one test case each.
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
    auto key = pc::JwtKey::fromHmacSecret(secret);
    REQUIRE(codeOf(key) == "ok");
    key->setKid(kid);
    if (alg)
        REQUIRE(key->restrictTo(*alg));
    pc::KeySet set;
    REQUIRE(set.add(*key));
    return set;
}

QByteArray payload() {
    return compactJson(validClaims(kNow));
}

std::string verifyCode(const QByteArray &token, const pc::KeySet &keys) {
    pc::TokenVerifier verifier({keys, 30, fixedClock(), {}, {}});
    return codeOf(verifier.verify(QByteArrayView(token)));
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

TEST_CASE("token: bad base64url is refused") {
    const QByteArray good = hsToken(R"({"alg":"HS256"})", payload(), kSecret);
    const QList<QByteArray> p = good.split('.');
    REQUIRE(verifyCode(good, secretSet()) == "ok");
    const QList<QByteArray> bad = {
        p[0] + "=." + p[1] + '.' + p[2],                              // padding
        p[0] + '.' + p[1] + "==." + p[2],                             // padding
        p[0] + '.' + p[1] + '.' + p[2] + '=',                         // padding
        QByteArray(p[0]).replace('J', '+') + '.' + p[1] + '.' + p[2], // standard alphabet
        p[0] + '.' + p[1] + '.' + QByteArray(p[2]).insert(5, '/'),
        p[0] + '.' + p[1] + '.' + QByteArray(p[2]).insert(5, '*'),
        p[0] + '.' + p[1] + '.' + QByteArray(p[2]).insert(5, ' '),
        p[0] + '.' + QByteArray(p[1]).insert(3, '\n') + '.' + p[2],
        p[0] + '.' + p[1] + '.' + p[2] + 'A', // 43 + 1 = 44: fine length... see below
    };
    for (qsizetype i = 0; i + 1 < bad.size(); ++i) {
        INFO("case " << i);
        CHECK(verifyCode(bad[i], secretSet()) == "bad_base64");
    }
    // 32 bytes encode to 43 characters; one more makes an impossible length of 44 % 4 == 0?
    // No: 44 is a valid length but decodes to 33 bytes, so the signature is just wrong.
    CHECK(verifyCode(bad.last(), secretSet()) == "bad_signature");
    // Impossible length (4n+1 characters).
    CHECK(verifyCode(p[0] + '.' + p[1] + '.' + p[2] + "AA", secretSet()) == "bad_base64");

    // Non-canonical: the 43rd character of a 32-byte signature carries 2 unused bits.
    // Setting them changes the text but not the bytes: such a token must not verify.
    QByteArray sig = p[2];
    const char last = sig.back();
    const QByteArray alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    const int value = int(alphabet.indexOf(last));
    REQUIRE((value & 0x3) == 0);
    sig.back() = alphabet.at(value | 0x1);
    REQUIRE(unb64url(sig) == unb64url(p[2])); // Qt's lenient decoder sees the same bytes
    CHECK(verifyCode(p[0] + '.' + p[1] + '.' + sig, secretSet()) == "bad_base64");
}

TEST_CASE("token: a header or payload that is not a JSON object is refused") {
    CHECK(verifyCode(hsToken("not json", payload(), kSecret), secretSet()) == "bad_json");
    CHECK(verifyCode(hsToken(R"(["alg","HS256"])", payload(), kSecret), secretSet()) == "bad_json");
    CHECK(verifyCode(hsToken(R"({"alg":"HS256"} x)", payload(), kSecret), secretSet()) ==
          "bad_json");
    // Signed correctly, but the payload is not a claims object.
    for (const char *body : {"not json", "[1,2,3]", "\"a string\"", "{\"exp\":1", ""}) {
        INFO(body);
        CHECK(verifyCode(hsToken(R"({"alg":"HS256"})", body, kSecret), secretSet()) == "bad_json");
    }
    // Shapes that are not three segments.
    for (const char *shape : {"", "abc", "a.b", "a.b.c.d", ".b.c", "eyJhbGciOiJIUzI1NiJ9..."}) {
        INFO(shape);
        const std::string code = verifyCode(shape, secretSet());
        CHECK((code == "malformed" || code == "bad_json"));
    }
}

TEST_CASE("token: duplicate members in the header or the payload are refused") {
    const QByteArray claims = payload();
    CHECK(verifyCode(hsToken(R"({"alg":"HS256","alg":"HS256"})", claims, kSecret), secretSet()) ==
          "duplicate_member");
    // The same name, escaped differently.
    CHECK(verifyCode(hsToken(R"({"alg":"HS256","\u0061lg":"none"})", claims, kSecret),
                     secretSet()) == "duplicate_member");
    QByteArray dupPayload = claims;
    dupPayload.chop(1);
    dupPayload += R"(,"ip":"192.168.1.1"})";
    CHECK(verifyCode(hsToken(R"({"alg":"HS256"})", dupPayload, kSecret), secretSet()) ==
          "duplicate_member");
    dupPayload = claims;
    dupPayload.chop(1);
    dupPayload += R"(,"x":{"a":1,"a":2}})";
    CHECK(verifyCode(hsToken(R"({"alg":"HS256"})", dupPayload, kSecret), secretSet()) ==
          "duplicate_member");
    // The same name in different objects is fine.
    dupPayload = claims;
    dupPayload.chop(1);
    dupPayload += R"(,"x":{"ip":1},"y":[{"ip":2},{"ip":3}]})";
    CHECK(verifyCode(hsToken(R"({"alg":"HS256"})", dupPayload, kSecret), secretSet()) == "ok");
}

TEST_CASE("token: exp of the wrong type is refused") {
    for (const char *exp : {R"("1700000300")", "true", "null", "{}", "[1700000300]"}) {
        INFO(exp);
        QByteArray body = compactJson(validClaims(kNow)).replace("1700000300", exp);
        REQUIRE(body.contains(exp));
        CHECK(verifyCode(hsToken(R"({"alg":"HS256"})", body, kSecret), secretSet()) ==
              "bad_claim_type");
    }
}

TEST_CASE("token: tokens over 16 KiB are refused before decoding") {
    QJsonObject claims = validClaims(kNow);
    claims.insert(u"pad"_s, QString(20000, u'x'));
    // Even garbage of that size is too_large (not bad_base64): size is checked first.
    CHECK(verifyCode(QByteArray(pc::Jws::MaxTokenSize + 1, '*'), secretSet()) == "too_large");
    CHECK(verifyCode(hsToken(R"({"alg":"HS256"})", compactJson(claims), kSecret), secretSet()) ==
          "too_large");
    pc::TokenVerifier verifier({secretSet(), 30, fixedClock(), {}, {}});
    CHECK(codeOf(verifier.verify(QString(pc::Jws::MaxTokenSize + 1, u'a'))) == "too_large");

    // Just under the limit is processed normally.
    claims.insert(u"pad"_s, QString(11000, u'x'));
    const QByteArray big = hsToken(R"({"alg":"HS256"})", compactJson(claims), kSecret);
    REQUIRE(big.size() <= pc::Jws::MaxTokenSize);
    CHECK(verifyCode(big, secretSet()) == "ok");
}

TEST_CASE("token: the header needs an alg string and typ JWT when present") {
    const QByteArray claims = payload();
    CHECK(verifyCode(hsToken(R"({"typ":"JWT"})", claims, kSecret), secretSet()) == "bad_header");
    CHECK(verifyCode(hsToken(R"({"alg":256})", claims, kSecret), secretSet()) == "bad_header");
    CHECK(verifyCode(hsToken(R"({"alg":null})", claims, kSecret), secretSet()) == "bad_header");
    for (const char *typ : {R"("JOSE")", R"("at+jwt")", "1", "null", R"("")"}) {
        INFO(typ);
        const QByteArray header = QByteArray(R"({"alg":"HS256","typ":)") + typ + '}';
        CHECK(verifyCode(hsToken(header, claims, kSecret), secretSet()) == "bad_header");
    }
    for (const char *typ : {"JWT", "jwt", "Jwt", "application/jwt"}) {
        INFO(typ);
        const QByteArray header = QByteArray(R"({"alg":"HS256","typ":")") + typ + "\"}";
        CHECK(verifyCode(hsToken(header, claims, kSecret), secretSet()) == "ok");
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
