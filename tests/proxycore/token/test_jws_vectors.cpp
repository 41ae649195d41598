// Published vectors: RFC 7515 appendices A.1-A.3 and RFC 8037 appendix A.4/A.5.
#include "token/jwkparser.h"
#include "token/jws.h"
#include "token/keyloader.h"
#include "token/tokenverifier.h"
#include "tokentesthelpers.h"

#include <QJsonDocument>
#include <catch2/catch.hpp>

using namespace Qt::StringLiterals;
using namespace tt;

namespace {

// RFC 7515 A.1-A.3 share this payload; note the CRLFs.
const QByteArray kPayload = QByteArrayLiteral(
    "{\"iss\":\"joe\",\r\n \"exp\":1300819380,\r\n \"http://example.com/is_root\":true}");
const QByteArray kPayloadB64 = QByteArrayLiteral("eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogI"
                                                 "mh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ");

pc::JwtKey loadJwk(const QString &name) {
    auto keys = pc::KeyLoader::loadJwksFile(dataPath(name));
    REQUIRE(codeOf(keys) == "ok");
    REQUIRE(keys->size() == 1);
    return keys->constFirst();
}

pc::KeySet setOf(const pc::JwtKey &key) {
    pc::KeySet set;
    REQUIRE(set.add(key));
    return set;
}

// The same key without its private members.
pc::JwtKey publicOnly(const QString &name) {
    QJsonObject jwk = QJsonDocument::fromJson(readData(name)).object();
    for (const QString &member : {u"d"_s, u"p"_s, u"q"_s, u"dp"_s, u"dq"_s, u"qi"_s})
        jwk.remove(member);
    auto key = pc::JwkParser::parseKey(jwk);
    REQUIRE(codeOf(key) == "ok");
    REQUIRE_FALSE(key->hasPrivate());
    return *key;
}

} // namespace

TEST_CASE("token: RFC 7515 A.1 HS256 vector verifies and its signature is reproduced") {
    const QByteArray header = QByteArrayLiteral("{\"typ\":\"JWT\",\r\n \"alg\":\"HS256\"}");
    const QByteArray token = QByteArrayLiteral("eyJ0eXAiOiJKV1QiLA0KICJhbGciOiJIUzI1NiJ9.") +
                             kPayloadB64 + ".dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
    const pc::JwtKey key = loadJwk(u"rfc7515-a1-hs256.jwk.json"_s);
    CHECK(key.type() == pc::KeyType::Hmac);

    auto parts = pc::Jws::verify(token, setOf(key));
    REQUIRE(codeOf(parts) == "ok");
    CHECK(parts->payload == kPayload);
    CHECK(parts->alg == pc::JwsAlgorithm::HS256);
    CHECK(parts->header.value(u"typ"_s).toString() == u"JWT"_s);

    auto signedToken = pc::Jws::signWithHeader(header, kPayload, key);
    REQUIRE(codeOf(signedToken) == "ok");
    CHECK(*signedToken == token);

    // The JWS is valid; the claims layer then refuses it: not a gpsession token.
    pc::TokenVerifier verifier({setOf(key), 30, fixedClock(1300819000), {}, {}, {}});
    CHECK(codeOf(verifier.verify(QByteArrayView(token))) == "missing_claim");
}

TEST_CASE("token: RFC 7515 A.2 RS256 vector verifies and is reproduced exactly") {
    const QByteArray token =
        QByteArrayLiteral("eyJhbGciOiJSUzI1NiJ9.") + kPayloadB64 +
        QByteArrayLiteral(
            ".cC4hiUPoj9Eetdgtv3hF80EGrhuB__dzERat0XF9g2VtQgr9PJbu3XOiZj5RZmh7AAuHIm4Bh-0Qc_"
            "lF5YKt_O8W2Fp5jujGbds9uJdbF9CUAr7t1dnZcAcQjbKBYNX4BAynRFdiuB--f_"
            "nZLgrnbyTyWzO75vRK5h6xBArLIARNPvkSjtQBMHlb1L07Qe7K0GarZRmB_eSN9383LcOLn6_dO--"
            "xi12jzDwusC-eOkHWEsqtFZESc6BfI7noOPqvhJ1phCnvWh6IeYI2w9QOYEUipUTI8np6LbgGY9Fs98rqVt5AX"
            "LIhWkWywlVmtVrBp0igcN_IoypGlUPQGe77Rw");
    const pc::JwtKey key = loadJwk(u"rfc7515-a2-rs256.jwk.json"_s);
    CHECK(key.type() == pc::KeyType::Rsa);
    CHECK(key.bits() == 2048);

    auto parts = pc::Jws::verify(token, setOf(key));
    REQUIRE(codeOf(parts) == "ok");
    CHECK(parts->payload == kPayload);
    CHECK(codeOf(pc::Jws::verify(token, setOf(publicOnly(u"rfc7515-a2-rs256.jwk.json"_s)))) ==
          "ok");

    // RSASSA-PKCS1-v1_5 is deterministic: the exact signature comes out again.
    auto signedToken = pc::Jws::signWithHeader("{\"alg\":\"RS256\"}", kPayload, key);
    REQUIRE(codeOf(signedToken) == "ok");
    CHECK(*signedToken == token);
}

TEST_CASE("token: RFC 7515 A.3 ES256 vector verifies") {
    const QByteArray token =
        QByteArrayLiteral("eyJhbGciOiJFUzI1NiJ9.") + kPayloadB64 +
        ".DtEhU3ljbEg8L38VWAfUAqOyKAM6-Xx-F4GawxaepmXFCgfTjDxw5djxLa8ISlSApmWQxfKTUJqPP3-Kg6NU1Q";
    const pc::JwtKey key = publicOnly(u"rfc7515-a3-es256.jwk.json"_s);
    CHECK(key.type() == pc::KeyType::EcP256);

    auto parts = pc::Jws::verify(token, setOf(key));
    REQUIRE(codeOf(parts) == "ok");
    CHECK(parts->payload == kPayload);

    // ECDSA is randomised: a fresh signature differs but verifies too.
    auto fresh = pc::Jws::signWithHeader("{\"alg\":\"ES256\"}", kPayload,
                                         loadJwk(u"rfc7515-a3-es256.jwk.json"_s));
    REQUIRE(codeOf(fresh) == "ok");
    CHECK(*fresh != token);
    CHECK(fresh->split('.').at(2).size() == 86); // 64 bytes, base64url
    CHECK(codeOf(pc::Jws::verify(*fresh, setOf(key))) == "ok");

    // One bit of the published signature flipped: refused.
    QByteArray sig = unb64url(token.split('.').at(2));
    sig[10] = char(sig[10] ^ 0x01);
    const QByteArray tampered = token.left(token.lastIndexOf('.') + 1) + b64url(sig);
    CHECK(codeOf(pc::Jws::verify(tampered, setOf(key))) == "bad_signature");
}

TEST_CASE("token: RFC 8037 A.4 Ed25519 signature is reproduced and A.5 verifies") {
    const QByteArray token = QByteArrayLiteral(
        "eyJhbGciOiJFZERTQSJ9.RXhhbXBsZSBvZiBFZDI1NTE5IHNpZ25pbmc."
        "hgyY0il_MGCjP0JzlnLWG1PPOt7-09PGcvMg3AIbQR6dWbhijcNR4ki4iylGjg5BhVsPt9g7sVvpAr_MuM0KAg");
    const pc::JwtKey key = loadJwk(u"rfc8037-a1-ed25519.jwk.json"_s);
    CHECK(key.type() == pc::KeyType::Ed25519);
    CHECK(pc::defaultAlgorithm(key) == pc::JwsAlgorithm::EdDSA);

    auto signedToken = pc::Jws::sign("Example of Ed25519 signing", key, pc::JwsAlgorithm::EdDSA);
    REQUIRE(codeOf(signedToken) == "ok");
    CHECK(*signedToken == token);

    auto parts = pc::Jws::verify(token, setOf(publicOnly(u"rfc8037-a1-ed25519.jwk.json"_s)));
    REQUIRE(codeOf(parts) == "ok");
    CHECK(parts->payload == "Example of Ed25519 signing");
    CHECK(parts->alg == pc::JwsAlgorithm::EdDSA);

    // A JWS whose payload is not JSON: the JWS layer accepts it, the verifier does not.
    pc::TokenVerifier verifier({setOf(key), 30, fixedClock(), {}, {}, {}});
    CHECK(codeOf(verifier.verify(QByteArrayView(token))) == "bad_json");
}
