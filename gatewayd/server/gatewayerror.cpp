#include "server/gatewayerror.h"

#include "http/httpserializer.h"

#include <QJsonDocument>
#include <QJsonObject>

using namespace Qt::StringLiterals;

namespace gw {

QByteArray GatewayError::toResponse(bool close) const {
    const QByteArray body = QJsonDocument(QJsonObject{{u"error"_s, error}, {u"detail"_s, detail}})
                                .toJson(QJsonDocument::Compact) +
                            '\n';
    pc::HttpHeaders headers{{"Content-Type", "application/json"},
                            {"Cache-Control", "no-store"},
                            {"X-Content-Type-Options", "nosniff"}};
    if (close)
        headers.append("Connection", "close");
    auto response = pc::HttpSerializer::simpleResponse(status, headers, body);
    // Our own constant headers always serialize; fall back to a bare status line anyway.
    return response ? *response : QByteArrayLiteral("HTTP/1.1 500 Internal Server Error\r\n\r\n");
}

} // namespace gw
