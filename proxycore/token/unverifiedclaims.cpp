#include "token/unverifiedclaims.h"

#include "token/base64url.h"
#include "token/gpsessionlink.h"
#include "token/jws.h"
#include "token/strictjson.h"

using namespace Qt::StringLiterals;

namespace pc {

Expected<GpsessionClaims, TokenError> UnverifiedClaims::read(QByteArrayView token) {
    if (token.size() > Jws::MaxTokenSize)
        return tokenError(TokenErrorCode::TooLarge,
                          u"the token is over %1 bytes"_s.arg(Jws::MaxTokenSize));
    if (!GpsessionLink::looksLikeJws(QString::fromLatin1(token)))
        return tokenError(TokenErrorCode::Malformed,
                          u"a token is three base64url segments separated by dots"_s);
    const qsizetype first = token.indexOf('.');
    const qsizetype second = token.indexOf('.', first + 1);
    auto payload = Base64Url::decode(token.sliced(first + 1, second - first - 1));
    if (!payload)
        return unexpected(payload.error());
    auto json = StrictJson::parseObject(*payload, u"JWT payload"_s);
    if (!json)
        return unexpected(json.error());
    return GpsessionClaims::fromJson(*json);
}

} // namespace pc
