#pragma once

// Helpers for the token tests. Key generation, PEM/JWK export and HMAC here use OpenSSL
// directly, independently of the code under test, so round trips check one
// implementation against another rather than against itself.

#include "fakeclock.h"
#include "token/jwtkey.h"
#include "token/keyset.h"
#include "token/tokenerror.h"

#include <QByteArray>
#include <QJsonArray>
#include <QJsonObject>
#include <QString>
#include <QTemporaryDir>
#include <functional>
#include <openssl/evp.h>
#include <optional>
#include <string>

namespace tt {

enum class KeyKind { Rsa, EcP256, EcP384, Ed25519 };

// A generated key pair, cached per (kind, index) for the whole run (RSA is slow).
EVP_PKEY *generatedKey(KeyKind kind, int index = 0);

QByteArray privatePkcs8Pem(EVP_PKEY *key);
QByteArray privateTraditionalPem(EVP_PKEY *key);
QByteArray publicSpkiPem(EVP_PKEY *key);
QByteArray publicPkcs1Pem(EVP_PKEY *key); // RSA only: "RSA PUBLIC KEY"
QByteArray publicSpkiDer(EVP_PKEY *key);
QByteArray selfSignedCertificatePem(EVP_PKEY *key);
QJsonObject jwk(EVP_PKEY *key, bool withPrivate);

QString writeFile(const QTemporaryDir &dir, const QString &name, const QByteArray &content);
QString dataPath(const QString &name);
QByteArray readData(const QString &name);

QByteArray b64url(const QByteArray &bytes);
QByteArray unb64url(const QByteArray &text);
QByteArray compactJson(const QJsonObject &object);
// HMAC with OpenSSL's one-shot API; digest "SHA256", "SHA384" or "SHA512".
QByteArray hmac(const QByteArray &key, const QByteArray &data, const char *digest = "SHA256");
// header.payload.signature from raw JSON texts and raw signature bytes.
QByteArray craftToken(const QByteArray &headerJson, const QByteArray &payloadJson,
                      const QByteArray &signature);
// An HS* token signed with `secret` by the test's own HMAC.
QByteArray hsToken(const QByteArray &headerJson, const QByteArray &payloadJson,
                   const QByteArray &secret, const char *digest = "SHA256");

// {"keys": [...]} as JSON text.
QByteArray jwksOf(const QJsonArray &keys);
// Signs with `signer` and verifies with `verifier`: true when the two keys form a pair.
bool samePair(const pc::JwtKey &signer, const pc::JwtKey &verifier);
// A key set of one HMAC secret.
pc::KeySet hmacKeySet(const QByteArray &secret, const QString &kid = {},
                      std::optional<pc::JwsAlgorithm> alg = {});
// "ok" or the refusal code of TokenVerifier (leeway 30, clock at kNow).
std::string verifyCode(const QByteArray &token, const pc::KeySet &keys);

// Valid gpsession claims around `now`.
QJsonObject validClaims(qint64 now);
inline constexpr qint64 kNow = 1'700'000'000;
inline std::shared_ptr<const pc::Clock> fixedClock(qint64 now = kNow) {
    return testsupport::FakeClock::atSecs(now);
}

// "ok" or the error's code, for readable CHECKs.
template <typename T, typename E> std::string codeOf(const pc::Expected<T, E> &result) {
    return result ? std::string("ok") : result.error().code().toStdString();
}
template <typename T, typename E> std::string messageOf(const pc::Expected<T, E> &result) {
    return result ? std::string() : result.error().message().toStdString();
}

} // namespace tt
