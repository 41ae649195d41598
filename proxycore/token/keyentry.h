#pragma once

#include "token/jwsalgorithm.h"
#include "token/tokenerror.h"

#include <QJsonObject>
#include <QString>
#include <optional>

namespace pc {

// One element of gatewayd's "auth.keys", e.g.
// {"kid":"k1","alg":"HS256","secretFile":"/etc/gatewayd/jwt.secret"}.
struct KeyEntry {
    enum class Source { SecretFile, PublicKeyFile, JwksFile };

    QString kid;                     // optional; for jwksFile it selects one key of the set
    std::optional<JwsAlgorithm> alg; // optional; restricts the key(s) to this algorithm
    Source source = Source::SecretFile;
    QString path;

    // Exactly one of secretFile/publicKeyFile/jwksFile; no other members than kid, alg.
    static Expected<KeyEntry, TokenError> fromJson(const QJsonObject &json);
    QJsonObject toJson() const; // file paths only: no secret is ever in an entry
};

} // namespace pc
