#include "token/tokenminter.h"

#include "token/jws.h"

#include <QJsonDocument>

using namespace Qt::StringLiterals;

namespace pc {

Expected<QByteArray, TokenError> TokenMinter::mint(const GpsessionClaims &claims, const JwtKey &key,
                                                   const MintOptions &options) {
    const QJsonObject json = claims.toJson();
    if (auto checked = GpsessionClaims::fromJson(json); !checked)
        return unexpected(checked.error());
    const JwsAlgorithm alg = options.alg.value_or(defaultAlgorithm(key));
    QJsonObject header{{u"typ"_s, u"JWT"_s}};
    const QString kid = options.kid.isEmpty() ? key.kid() : options.kid;
    if (!kid.isEmpty())
        header.insert(u"kid"_s, kid);
    return Jws::sign(QJsonDocument(json).toJson(QJsonDocument::Compact), key, alg, header);
}

void TokenMinter::setValidity(GpsessionClaims &claims, qint64 now, qint64 ttlSeconds) {
    claims.iat = now;
    claims.nbf = now;
    claims.exp = now + ttlSeconds;
}

} // namespace pc
