#pragma once

#include "token/tokenerror.h"

#include <QByteArray>
#include <QJsonObject>
#include <QString>
#include <optional>

namespace pc {

// Parses a JSON text that must be one object, refusing duplicate member names at any
// depth (RFC 8725 §3.x, RFC 7515 §5.2: "MUST reject ... duplicate Header Parameter names").
class StrictJson {
public:
    static constexpr int MaxDepth = 32;

    // `what` names the document in error messages, e.g. "JWS header".
    static Expected<QJsonObject, TokenError> parseObject(const QByteArray &json,
                                                         const QString &what);
    // The path of the first member given twice in one object ("auth.keys[1].kid"; names
    // compared after unescaping), or nullopt when there is none (or JSON is invalid).
    static std::optional<QString> duplicateMember(const QByteArray &json);
};

} // namespace pc
