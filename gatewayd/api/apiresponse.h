#pragma once

#include "http/httpheaders.h"

#include <QByteArray>
#include <QJsonDocument>
#include <QString>

namespace gw {

// One answer of the management API.
struct ApiResponse {
    int status = 200;
    QByteArray contentType = "application/json";
    QByteArray body;
    pc::HttpHeaders headers; // besides Content-Type, Content-Length and Connection

    static ApiResponse json(const QJsonDocument &document, int httpStatus = 200);
    // {"error": CODE, "detail": DETAIL} (PRODUCT.md §5).
    static ApiResponse error(int httpStatus, const QString &code, const QString &detail);
    static ApiResponse text(const QByteArray &type, const QByteArray &content);

    // The whole HTTP/1.1 message; CLOSE adds "Connection: close".
    QByteArray serialize(bool close) const;
};

} // namespace gw
