#pragma once

#include "token/tokenerror.h"

#include <QByteArray>
#include <QJsonObject>

namespace pc {

// Parses a JSON text that must be one object, refusing duplicate member names at any
// depth (RFC 8725 §3.x, RFC 7515 §5.2: "MUST reject ... duplicate Header Parameter names").
class StrictJson {
public:
    static constexpr int MaxDepth = 32;

    // `what` names the document in error messages, e.g. "JWS header".
    static Expected<QJsonObject, TokenError> parseObject(const QByteArray &json,
                                                         const QString &what);
};

} // namespace pc
