#pragma once

#include <QList>
#include <QString>
#include <QStringView>
#include <optional>

namespace pc {

// The JWS algorithms a gpsession token may use (PRODUCT.md §2). "none" is not one.
enum class JwsAlgorithm { HS256, HS384, HS512, RS256, RS384, RS512, PS256, ES256, ES384, EdDSA };

// "HS256", ..., "EdDSA" (the registered JOSE names).
QString jwsAlgorithmName(JwsAlgorithm alg);
// Exact, case-sensitive match on the registered name (RFC 7515 §4.1.1: alg is case
// sensitive); nullopt for anything else, including "none".
std::optional<JwsAlgorithm> jwsAlgorithmFromName(QStringView name);
// Every supported algorithm, in a stable order.
QList<JwsAlgorithm> allJwsAlgorithms();
// "HS256, HS384, ..." for messages.
QString jwsAlgorithmNames(const QList<JwsAlgorithm> &algs);

} // namespace pc
