#include "server/gatewayerror.h"

#include "http/httpserializer.h"

#include <QJsonDocument>
#include <QJsonObject>

using namespace Qt::StringLiterals;

namespace gw {

QByteArray GatewayError::body() const {
    return QJsonDocument(QJsonObject{{u"error"_s, error}, {u"detail"_s, detail}})
               .toJson(QJsonDocument::Compact) +
           '\n';
}

pc::HttpResponseHead GatewayError::head(qsizetype bodySize, bool close) const {
    pc::HttpResponseHead head;
    head.status = status;
    head.reason = pc::HttpSerializer::reasonPhrase(status);
    head.headers = {{"Content-Type", "application/json"},
                    {"Cache-Control", "no-store"},
                    {"X-Content-Type-Options", "nosniff"}};
    if (close)
        head.headers.append("Connection", "close");
    head.headers.append("Content-Length", QByteArray::number(bodySize));
    head.framing = {pc::HttpBodyFraming::Kind::Length, quint64(bodySize)};
    return head;
}

QByteArray GatewayError::toResponse(bool close) const {
    const QByteArray bytes = body();
    auto head = pc::HttpSerializer::responseHead(this->head(bytes.size(), close));
    // Our own constant headers always serialize; fall back to a bare status line anyway.
    return head ? *head + bytes : QByteArrayLiteral("HTTP/1.1 500 Internal Server Error\r\n\r\n");
}

} // namespace gw
