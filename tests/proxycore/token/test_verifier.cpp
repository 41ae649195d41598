// TokenVerifier: time window with leeway, upstream and audience, kid selection, minting,
// and tokens of the original pmproxy.
#include "token/jwkparser.h"
#include "token/keyloader.h"
#include "token/tokenminter.h"
#include "token/tokenverifier.h"
#include "tokentesthelpers.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <catch2/catch.hpp>

using namespace Qt::StringLiterals;
using namespace tt;

namespace {

const QByteArray kSecret = "verifier-test-secret-0123456789abcdef";

pc::KeySet secretSet() {
    auto key = pc::JwtKey::fromHmacSecret(kSecret);
    REQUIRE(codeOf(key) == "ok");
    pc::KeySet set;
    REQUIRE(set.add(*key));
    return set;
}

QByteArray tokenWith(const QJsonObject &claims) {
    return hsToken(R"({"alg":"HS256","typ":"JWT"})", compactJson(claims), kSecret);
}

std::string verifyAt(const QByteArray &token, qint64 now, qint64 leeway) {
    pc::TokenVerifier verifier({secretSet(), leeway, fixedClock(now), {}, {}, {}});
    return codeOf(verifier.verify(QByteArrayView(token)));
}

QJsonObject claimsWindow(qint64 exp, std::optional<qint64> nbf, std::optional<qint64> iat) {
    QJsonObject claims{{u"exp"_s, exp}, {u"ip"_s, u"10.0.0.5"_s}, {u"upstream"_s, u"gw"_s}};
    if (nbf)
        claims.insert(u"nbf"_s, *nbf);
    if (iat)
        claims.insert(u"iat"_s, *iat);
    return claims;
}

} // namespace

TEST_CASE("token: exp is enforced with leeway, to the second") {
    const QByteArray token = tokenWith(claimsWindow(1000, std::nullopt, std::nullopt));
    // Without leeway the token is valid strictly before exp.
    CHECK(verifyAt(token, 999, 0) == "ok");
    CHECK(verifyAt(token, 1000, 0) == "expired");
    // With 30 s of leeway: valid until exp + 30, exclusive.
    CHECK(verifyAt(token, 1029, 30) == "ok");
    CHECK(verifyAt(token, 1030, 30) == "expired");
    CHECK(verifyAt(token, 5000, 30) == "expired");
    // A negative leeway counts as none.
    CHECK(verifyAt(token, 999, -100) == "ok");
    CHECK(verifyAt(token, 1000, -100) == "expired");

    pc::TokenVerifier verifier({secretSet(), 0, fixedClock(2000), {}, {}, {}});
    auto result = verifier.verify(QByteArrayView(token));
    CHECK(messageOf(result).find("expired") != std::string::npos);
    CHECK(messageOf(result).find("1970-01-01T00:16:40") != std::string::npos);
}

TEST_CASE("token: a token verified before still expires, and a changed byte is checked anew") {
    // The verifier remembers tokens it verified (every browser request carries one);
    // the time window is checked on every use all the same.
    const QByteArray token = tokenWith(claimsWindow(1000, std::nullopt, std::nullopt));
    const auto clock = testsupport::FakeClock::atSecs(990);
    pc::TokenVerifier verifier({secretSet(), 0, clock, {}, {}, {}});
    CHECK(codeOf(verifier.verify(QByteArrayView(token))) == "ok");
    CHECK(codeOf(verifier.verify(QByteArrayView(token))) == "ok");
    const pc::TokenVerifier copy = verifier; // copies share what was verified
    clock->setSecs(1000);
    CHECK(codeOf(verifier.verify(QByteArrayView(token))) == "expired");
    CHECK(codeOf(copy.verify(QByteArrayView(token))) == "expired");
    clock->setSecs(990);
    QByteArray tampered = token;
    tampered[tampered.size() - 2] = tampered.at(tampered.size() - 2) == 'A' ? 'B' : 'A';
    CHECK(codeOf(verifier.verify(QByteArrayView(tampered))) != "ok");
    CHECK(codeOf(verifier.verify(QByteArrayView(token))) == "ok");
}

TEST_CASE("token: nbf is enforced with leeway, to the second") {
    const QByteArray token = tokenWith(claimsWindow(10000, 2000, std::nullopt));
    CHECK(verifyAt(token, 2000, 0) == "ok");
    CHECK(verifyAt(token, 1999, 0) == "not_yet_valid");
    CHECK(verifyAt(token, 1970, 30) == "ok");
    CHECK(verifyAt(token, 1969, 30) == "not_yet_valid");
    pc::TokenVerifier verifier({secretSet(), 0, fixedClock(1000), {}, {}, {}});
    CHECK(messageOf(verifier.verify(QByteArrayView(token))).find("not yet valid") !=
          std::string::npos);
}

TEST_CASE("token: iat in the future beyond the leeway is refused") {
    const QByteArray token = tokenWith(claimsWindow(10000, std::nullopt, 2000));
    CHECK(verifyAt(token, 2000, 0) == "ok");
    CHECK(verifyAt(token, 1999, 0) == "issued_in_future");
    CHECK(verifyAt(token, 1970, 30) == "ok");
    CHECK(verifyAt(token, 1969, 30) == "issued_in_future");
    CHECK(verifyAt(token, 9000, 30) == "ok"); // issued long ago is fine while exp holds
}

TEST_CASE("token: the system clock is used when none is injected") {
    const qint64 now = QDateTime::currentSecsSinceEpoch();
    pc::TokenVerifier verifier({secretSet(), 30, {}, {}, {}, {}});
    CHECK(std::abs(verifier.now() - now) <= 5);
    CHECK(codeOf(verifier.verify(QByteArrayView(tokenWith(validClaims(now))))) == "ok");
    CHECK(codeOf(verifier.verify(QByteArrayView(tokenWith(validClaims(now - 3600))))) == "expired");
}

TEST_CASE("token: upstream must name this gateway when required") {
    QJsonObject claims = validClaims(kNow);
    claims.insert(u"upstream"_s, u"GW1.example.com:8443"_s);
    const QByteArray token = tokenWith(claims);
    for (const char *name : {"gw1.example.com", "gw1.example.com.", "Gw1.Example.Com"}) {
        INFO(name);
        pc::TokenVerifier verifier(
            {secretSet(), 30, fixedClock(), QString::fromLatin1(name), {}, {}});
        CHECK(codeOf(verifier.verify(QByteArrayView(token))) == "ok");
    }
    pc::TokenVerifier other({secretSet(), 30, fixedClock(), u"gw2.example.com"_s, {}, {}});
    CHECK(codeOf(other.verify(QByteArrayView(token))) == "wrong_upstream");
}

TEST_CASE("token: audience is checked when one is expected") {
    QJsonObject claims = validClaims(kNow);
    pc::TokenVerifier expecting({secretSet(), 30, fixedClock(), {}, u"gw1"_s, {}});
    CHECK(codeOf(expecting.verify(QByteArrayView(tokenWith(claims)))) == "wrong_audience");
    claims.insert(u"aud"_s, QJsonArray{u"gw0"_s, u"gw1"_s});
    CHECK(codeOf(expecting.verify(QByteArrayView(tokenWith(claims)))) == "ok");
    claims.insert(u"aud"_s, u"gw2"_s);
    CHECK(codeOf(expecting.verify(QByteArrayView(tokenWith(claims)))) == "wrong_audience");
    pc::TokenVerifier indifferent({secretSet(), 30, fixedClock(), {}, {}, {}});
    CHECK(codeOf(indifferent.verify(QByteArrayView(tokenWith(claims)))) == "ok");
}

TEST_CASE("token: kid selects the key among several of different types") {
    pc::KeySet set;
    pc::JwtKey signers[3];
    const char *kids[] = {"k-hs", "k-ec", "k-ed"};
    auto hs = pc::JwtKey::fromHmacSecret(kSecret);
    auto ec = pc::JwkParser::parseKey(jwk(generatedKey(KeyKind::EcP256), true));
    auto ed = pc::JwkParser::parseKey(jwk(generatedKey(KeyKind::Ed25519), true));
    REQUIRE((hs && ec && ed));
    signers[0] = *hs;
    signers[1] = *ec;
    signers[2] = *ed;
    for (int i = 0; i < 3; ++i) {
        signers[i].setKid(QString::fromLatin1(kids[i]));
        REQUIRE(set.add(signers[i]));
    }
    pc::TokenVerifier verifier({set, 30, fixedClock(), {}, {}, {}});
    auto claims = pc::GpsessionClaims::fromJson(validClaims(kNow));
    REQUIRE(codeOf(claims) == "ok");
    for (int i = 0; i < 3; ++i) {
        INFO(kids[i]);
        auto token = pc::TokenMinter::mint(*claims, signers[i]);
        REQUIRE(codeOf(token) == "ok");
        const QJsonObject header =
            QJsonDocument::fromJson(unb64url(token->split('.').at(0))).object();
        CHECK(header.value(u"kid"_s).toString() == QString::fromLatin1(kids[i]));
        auto jws = pc::Jws::verify(*token, set);
        REQUIRE(codeOf(jws) == "ok");
        CHECK(jws->key.kid() == QString::fromLatin1(kids[i]));
        CHECK(codeOf(verifier.verify(QByteArrayView(*token))) == "ok");
    }
    // The EC key signs, but the header names the Ed25519 key: the algorithm does not fit.
    auto lying = pc::TokenMinter::mint(*claims, signers[1], {std::nullopt, u"k-ed"_s});
    REQUIRE(codeOf(lying) == "ok");
    CHECK(codeOf(verifier.verify(QByteArrayView(*lying))) == "alg_not_allowed");
    // The HS key signs, the header names the other HS-capable... there is none: unknown kid.
    auto unknown = pc::TokenMinter::mint(*claims, signers[0], {std::nullopt, u"k-zz"_s});
    REQUIRE(codeOf(unknown) == "ok");
    CHECK(codeOf(verifier.verify(QByteArrayView(*unknown))) == "unknown_kid");
}

TEST_CASE("token: minting validates the claims and sets the validity window") {
    auto key = pc::JwtKey::fromHmacSecret(kSecret);
    REQUIRE(codeOf(key) == "ok");
    pc::GpsessionClaims claims;
    claims.ip = u"10.1.2.3"_s;
    claims.upstream = {u"gw1.example.com"_s, 8443};
    claims.port = 8443;
    claims.platform = pc::Platform::Ilo5;
    claims.agent = u"site-a"_s;
    claims.sub = u"tech"_s;
    pc::TokenMinter::setValidity(claims, kNow, 120);
    CHECK(claims.exp == kNow + 120);
    auto token = pc::TokenMinter::mint(claims, *key, {pc::JwsAlgorithm::HS384, u"k1"_s});
    REQUIRE(codeOf(token) == "ok");
    const QJsonObject header = QJsonDocument::fromJson(unb64url(token->split('.').at(0))).object();
    CHECK(header == QJsonObject{{u"alg"_s, u"HS384"_s}, {u"kid"_s, u"k1"_s}, {u"typ"_s, u"JWT"_s}});
    const QJsonObject payload = QJsonDocument::fromJson(unb64url(token->split('.').at(1))).object();
    CHECK(payload.value(u"upstream"_s).toString() == u"gw1.example.com:8443"_s);
    CHECK(payload.value(u"port"_s).toInt() == 8443);
    CHECK(payload.value(u"platform"_s).toString() == u"ilo5"_s);
    CHECK(payload.value(u"exp"_s).toInteger() == kNow + 120);
    CHECK(payload.value(u"iat"_s).toInteger() == kNow);
    CHECK(payload.value(u"nbf"_s).toInteger() == kNow);

    pc::TokenVerifier verifier({secretSet(), 0, fixedClock(kNow + 60), {}, {}, {}});
    auto verified = verifier.verify(QByteArrayView(*token));
    REQUIRE(codeOf(verified) == "ok");
    CHECK(verified->agent == u"site-a"_s);
    CHECK(verified->platform == pc::Platform::Ilo5);

    pc::GpsessionClaims bad = claims;
    bad.ip = u"not a host"_s;
    CHECK(codeOf(pc::TokenMinter::mint(bad, *key)) == "bad_claim_value");
    bad = claims;
    bad.ip.clear();
    CHECK(codeOf(pc::TokenMinter::mint(bad, *key)) == "bad_claim_value");
}

TEST_CASE("token: tokens of the original pmproxy keep working (HS256, secret file with newline)") {
    // Built the way the original generator did, with the test's own HMAC over the secret
    // without its trailing newline: {"alg":"HS256","typ":"JWT"}, exp iat nbf ip upstream.
    const QByteArray secret = "pmproxy-original-shared-secret-0123456789";
    REQUIRE(readData(u"pmproxy.secret"_s) == secret + '\n');
    const QByteArray header = R"({"alg":"HS256","typ":"JWT"})";
    const QByteArray payload =
        R"({"exp":1700000600,"iat":1700000000,"nbf":1700000000,"ip":"192.168.10.20",)"
        R"("upstream":"pmproxy-gw.example.net"})";
    const QByteArray token = hsToken(header, payload, secret);

    for (int how = 0; how < 2; ++how) {
        INFO(how);
        auto set = how == 0 ? pc::KeySet::fromKeyFile(dataPath(u"pmproxy.secret"_s))
                            : pc::KeySet::fromEntries({{u"k1"_s, pc::JwsAlgorithm::HS256,
                                                        pc::KeyEntry::Source::SecretFile,
                                                        dataPath(u"pmproxy.secret"_s)}});
        REQUIRE(codeOf(set) == "ok");
        pc::TokenVerifier verifier({*set, 30, fixedClock(1700000100), {}, {}, {}});
        auto claims = verifier.verify(QByteArrayView(token));
        REQUIRE(codeOf(claims) == "ok");
        CHECK(claims->ip == u"192.168.10.20"_s);
        CHECK(claims->upstream.host == u"pmproxy-gw.example.net"_s);
        CHECK(claims->upstream.port == 443);
        CHECK(claims->port == 443);
        CHECK(claims->platform == pc::Platform::Generic);
        CHECK(claims->raw == QJsonDocument::fromJson(payload).object());

        // The newline is not part of the secret: a token HMACed with it is refused.
        CHECK(codeOf(verifier.verify(QByteArrayView(hsToken(header, payload, secret + '\n')))) ==
              "bad_signature");
    }
}

TEST_CASE("token: verify takes text and refuses any spelling but the exact token") {
    // A token has one spelling: the gateway derives session ids from it, and a killed
    // session must not come back as "token + NBSP" (issue 8, point 8).
    pc::TokenVerifier verifier({secretSet(), 30, fixedClock(), {}, {}, {}});
    const QString token = QString::fromLatin1(tokenWith(validClaims(kNow)));
    CHECK(codeOf(verifier.verify(QStringView(token))) == "ok");
    for (const QString &extra : {u" "_s, u"\n"_s, u"\t"_s, u"\r\n"_s, QString(QChar(0xa0)),
                                 QString(QChar(0x2028)), QString(QChar(0x3000)), u"="_s}) {
        INFO(extra.toUtf8().toHex().toStdString());
        CHECK(codeOf(verifier.verify(QStringView(token + extra))) == "malformed");
        CHECK(codeOf(verifier.verify(QStringView(extra + token))) == "malformed");
    }
    CHECK(codeOf(verifier.verify(QStringView(QString(token).insert(5, u'é')))) == "malformed");
    CHECK(codeOf(verifier.verify(QStringView(QString(token).insert(5, u' ')))) == "malformed");
    CHECK(codeOf(verifier.verify(QStringView(QString(token).insert(5, u'+')))) == "malformed");
}

TEST_CASE("token: issuer is checked when issuers are configured") {
    QJsonObject claims = validClaims(kNow);
    pc::TokenVerifierOptions options{secretSet(), 30, fixedClock(), {}, {}, {}};
    options.allowedIssuers = {u"https://platform.example.com"_s, u"backup-issuer"_s};
    pc::TokenVerifier expecting(options);
    CHECK(codeOf(expecting.verify(QByteArrayView(tokenWith(claims)))) == "wrong_issuer");
    claims.insert(u"iss"_s, u"backup-issuer"_s);
    CHECK(codeOf(expecting.verify(QByteArrayView(tokenWith(claims)))) == "ok");
    for (const QString &other :
         {u"https://platform.example.com/"_s, u"BACKUP-ISSUER"_s, u"backup-issuer "_s, u"evil"_s}) {
        INFO(other.toStdString());
        claims.insert(u"iss"_s, other);
        CHECK(codeOf(expecting.verify(QByteArrayView(tokenWith(claims)))) == "wrong_issuer");
    }
    pc::TokenVerifier indifferent({secretSet(), 30, fixedClock(), {}, {}, {}});
    CHECK(codeOf(indifferent.verify(QByteArrayView(tokenWith(claims)))) == "ok");
}
