// Sign -> verify for every algorithm, with generated keys written to files and loaded
// through the file loaders.
#include "token/ecdsasignature.h"
#include "token/jws.h"
#include "token/jwscrypto.h"
#include "token/keyset.h"
#include "token/tokenminter.h"
#include "token/tokenverifier.h"
#include "tokentesthelpers.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QRandomGenerator>
#include <catch2/catch.hpp>
#include <openssl/rsa.h>

using namespace Qt::StringLiterals;
using namespace tt;

namespace {

struct AlgCase {
    pc::JwsAlgorithm alg;
    KeyKind kind; // ignored for HS*
    bool hmac;
};

const AlgCase kCases[] = {
    {pc::JwsAlgorithm::HS256, KeyKind::Rsa, true},
    {pc::JwsAlgorithm::HS384, KeyKind::Rsa, true},
    {pc::JwsAlgorithm::HS512, KeyKind::Rsa, true},
    {pc::JwsAlgorithm::RS256, KeyKind::Rsa, false},
    {pc::JwsAlgorithm::RS384, KeyKind::Rsa, false},
    {pc::JwsAlgorithm::RS512, KeyKind::Rsa, false},
    {pc::JwsAlgorithm::PS256, KeyKind::Rsa, false},
    {pc::JwsAlgorithm::ES256, KeyKind::EcP256, false},
    {pc::JwsAlgorithm::ES384, KeyKind::EcP384, false},
    {pc::JwsAlgorithm::EdDSA, KeyKind::Ed25519, false},
};

QByteArray randomSecret(int bytes) {
    QByteArray secret(bytes, '\0');
    QRandomGenerator::global()->fillRange(reinterpret_cast<quint32 *>(secret.data()), bytes / 4);
    return secret;
}

// Files for one algorithm: what the issuer signs with and what verifiers load.
struct KeyFiles {
    QString signing;
    QList<QString> verifying;
};

KeyFiles writeKeyFiles(const QTemporaryDir &dir, const AlgCase &c, int index = 0) {
    const QString tag = pc::jwsAlgorithmName(c.alg) + QString::number(index);
    if (c.hmac) {
        // Text secrets with a trailing newline, like `base64 > file` writes them.
        const QByteArray secret = randomSecret(64).toBase64() + '\n';
        const QString path = writeFile(dir, tag + u".secret"_s, secret);
        return {path, {path}};
    }
    EVP_PKEY *key = generatedKey(c.kind, index);
    KeyFiles files;
    files.signing = writeFile(dir, tag + u".key.pem"_s, privatePkcs8Pem(key));
    files.verifying << writeFile(dir, tag + u".pub.pem"_s, publicSpkiPem(key));
    files.verifying << writeFile(
        dir, tag + u".jwks.json"_s,
        QJsonDocument(QJsonObject{{u"keys"_s, QJsonArray{jwk(key, false)}}}).toJson());
    files.verifying << writeFile(dir, tag + u".cert.pem"_s, selfSignedCertificatePem(key));
    files.verifying << files.signing; // a private key verifies too
    return files;
}

pc::KeySet load(const QString &path, std::optional<pc::JwsAlgorithm> alg = {}) {
    auto set = pc::KeySet::fromKeyFile(path, alg);
    INFO(messageOf(set));
    REQUIRE(codeOf(set) == "ok");
    return *set;
}

QByteArray mint(const pc::KeySet &set, pc::JwsAlgorithm alg, const QJsonObject &claimsJson) {
    auto key = set.signingKey({}, alg);
    REQUIRE(codeOf(key) == "ok");
    auto claims = pc::GpsessionClaims::fromJson(claimsJson);
    REQUIRE(codeOf(claims) == "ok");
    auto token = pc::TokenMinter::mint(*claims, *key, {alg, {}});
    INFO(messageOf(token));
    REQUIRE(codeOf(token) == "ok");
    return *token;
}

} // namespace

TEST_CASE("token: every algorithm signs and verifies with generated keys loaded from files") {
    QTemporaryDir dir;
    for (const AlgCase &c : kCases) {
        const QString name = pc::jwsAlgorithmName(c.alg);
        INFO(name.toStdString());
        const KeyFiles files = writeKeyFiles(dir, c);
        const QByteArray token = mint(load(files.signing, c.alg), c.alg, validClaims(kNow));

        const QJsonObject header =
            QJsonDocument::fromJson(unb64url(token.split('.').at(0))).object();
        CHECK(header.value(u"alg"_s).toString() == name);
        CHECK(header.value(u"typ"_s).toString() == u"JWT"_s);

        for (const QString &path : files.verifying) {
            INFO(path.toStdString());
            pc::TokenVerifier verifier({load(path), 30, fixedClock(), {}, {}, {}});
            auto claims = verifier.verify(QByteArrayView(token));
            REQUIRE(codeOf(claims) == "ok");
            CHECK(claims->ip == u"10.0.0.5"_s);
            CHECK(claims->upstream.host == u"gw1.example.com"_s);
            CHECK(claims->exp == kNow + 300);
        }
    }
}

TEST_CASE("token: tampered payload or signature is refused for every algorithm") {
    QTemporaryDir dir;
    for (const AlgCase &c : kCases) {
        INFO(pc::jwsAlgorithmName(c.alg).toStdString());
        const KeyFiles files = writeKeyFiles(dir, c);
        const QByteArray token = mint(load(files.signing), c.alg, validClaims(kNow));
        const pc::KeySet verifying = load(files.verifying.constFirst());
        REQUIRE(codeOf(pc::Jws::verify(token, verifying)) == "ok");
        const QList<QByteArray> parts = token.split('.');

        QJsonObject claims = validClaims(kNow);
        claims.insert(u"ip"_s, u"10.9.9.9"_s);
        const QByteArray otherPayload =
            parts[0] + '.' + b64url(compactJson(claims)) + '.' + parts[2];
        CHECK(codeOf(pc::Jws::verify(otherPayload, verifying)) == "bad_signature");

        QByteArray sig = unb64url(parts[2]);
        for (int at : {0, int(sig.size()) / 2, int(sig.size()) - 1}) {
            QByteArray flipped = sig;
            flipped[at] = char(flipped[at] ^ 0x01);
            const QByteArray bad = parts[0] + '.' + parts[1] + '.' + b64url(flipped);
            CHECK(codeOf(pc::Jws::verify(bad, verifying)) == "bad_signature");
        }
        const QByteArray truncated = parts[0] + '.' + parts[1] + '.' + b64url(sig.chopped(1));
        CHECK(codeOf(pc::Jws::verify(truncated, verifying)) == "bad_signature");
        const QByteArray extended = parts[0] + '.' + parts[1] + '.' + b64url(sig + '\0');
        CHECK(codeOf(pc::Jws::verify(extended, verifying)) == "bad_signature");
    }
}

TEST_CASE("token: a signature by another key of the same type is refused") {
    QTemporaryDir dir;
    for (const AlgCase &c : kCases) {
        INFO(pc::jwsAlgorithmName(c.alg).toStdString());
        const KeyFiles mine = writeKeyFiles(dir, c, 0);
        const KeyFiles other = writeKeyFiles(dir, c, 1);
        const QByteArray token = mint(load(other.signing), c.alg, validClaims(kNow));
        CHECK(codeOf(pc::Jws::verify(token, load(mine.verifying.constFirst()))) == "bad_signature");
    }
}

TEST_CASE("token: ECDSA signatures are JOSE R||S of fixed size, never DER") {
    QTemporaryDir dir;
    const AlgCase c{pc::JwsAlgorithm::ES256, KeyKind::EcP256, false};
    const KeyFiles files = writeKeyFiles(dir, c);
    const pc::KeySet set = load(files.signing);
    const QByteArray token = mint(set, c.alg, validClaims(kNow));
    const QList<QByteArray> parts = token.split('.');
    const QByteArray jose = unb64url(parts[2]);
    REQUIRE(jose.size() == 64);

    // The same signature in DER (what OpenSSL produces) is not a JOSE signature.
    auto der = pc::EcdsaSignature::joseToDer(jose, 32);
    REQUIRE(codeOf(der) == "ok");
    CHECK(der->at(0) == '\x30');
    const QByteArray derToken = parts[0] + '.' + parts[1] + '.' + b64url(*der);
    CHECK(codeOf(pc::Jws::verify(derToken, set)) == "bad_signature");

    auto back = pc::EcdsaSignature::derToJose(*der, 32);
    REQUIRE(codeOf(back) == "ok");
    CHECK(*back == jose);

    CHECK(codeOf(pc::EcdsaSignature::joseToDer(jose.left(63), 32)) == "bad_signature");
    CHECK(codeOf(pc::EcdsaSignature::joseToDer(jose + jose, 32)) == "bad_signature");
    CHECK(codeOf(pc::EcdsaSignature::joseToDer(QByteArray(64, '\0'), 32)) == "bad_signature");
    // An ES256 signature (64 bytes) is the wrong size for ES384 (96 bytes).
    CHECK(codeOf(pc::EcdsaSignature::joseToDer(jose, 48)) == "bad_signature");
}

TEST_CASE("token: PS256 uses a salt as long as the hash") {
    // PSS is randomised; check that our signature verifies under OpenSSL with an explicit
    // salt length of 32 and MGF1-SHA256, independently of the code under test.
    QTemporaryDir dir;
    const AlgCase c{pc::JwsAlgorithm::PS256, KeyKind::Rsa, false};
    const KeyFiles files = writeKeyFiles(dir, c);
    const QByteArray token = mint(load(files.signing), c.alg, validClaims(kNow));
    const QByteArray input = token.left(token.lastIndexOf('.'));
    const QByteArray sig = unb64url(token.mid(token.lastIndexOf('.') + 1));

    EVP_PKEY *key = generatedKey(KeyKind::Rsa);
    EVP_MD_CTX *ctx = EVP_MD_CTX_new();
    EVP_PKEY_CTX *pctx = nullptr;
    REQUIRE(EVP_DigestVerifyInit(ctx, &pctx, EVP_sha256(), nullptr, key) == 1);
    REQUIRE(EVP_PKEY_CTX_set_rsa_padding(pctx, RSA_PKCS1_PSS_PADDING) == 1);
    REQUIRE(EVP_PKEY_CTX_set_rsa_pss_saltlen(pctx, 32) == 1);
    REQUIRE(EVP_PKEY_CTX_set_rsa_mgf1_md(pctx, EVP_sha256()) == 1);
    CHECK(EVP_DigestVerify(ctx, reinterpret_cast<const unsigned char *>(sig.constData()),
                           size_t(sig.size()),
                           reinterpret_cast<const unsigned char *>(input.constData()),
                           size_t(input.size())) == 1);
    EVP_MD_CTX_free(ctx);
}
