#include "api/apiresponse.h"

#include "http/httpserializer.h"

#include <QJsonObject>

using namespace Qt::StringLiterals;

namespace gw {

ApiResponse ApiResponse::json(const QJsonDocument &document, int httpStatus) {
    ApiResponse r;
    r.status = httpStatus;
    r.body = document.toJson(QJsonDocument::Compact);
    return r;
}

ApiResponse ApiResponse::error(int httpStatus, const QString &code, const QString &detail) {
    return json(QJsonDocument(QJsonObject{{u"error"_s, code}, {u"detail"_s, detail}}), httpStatus);
}

ApiResponse ApiResponse::text(const QByteArray &type, const QByteArray &content) {
    ApiResponse r;
    r.contentType = type;
    r.body = content;
    return r;
}

QByteArray ApiResponse::serialize(bool close) const {
    pc::HttpHeaders fields = headers;
    fields.set("Content-Type", contentType);
    if (close)
        fields.set("Connection", "close");
    auto message = pc::HttpSerializer::simpleResponse(status, fields, body);
    if (message)
        return *message;
    // Only a handler's bad header could get here: answer without its headers.
    return *pc::HttpSerializer::simpleResponse(
        500, {{"Content-Type", "application/json"}, {"Connection", "close"}},
        R"({"error":"internal_error","detail":"the answer could not be written"})");
}

} // namespace gw
