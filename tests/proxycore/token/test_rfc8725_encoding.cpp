// The defences of RFC 8725 (JWT Best Current Practices), one test case each: encoding, JSON and
// header.
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
    pc::TokenVerifier verifier({secretSet(), 30, fixedClock(), {}, {}, {}});
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
