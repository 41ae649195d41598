#include "http/httprequesthead.h"

#include "http/httpsyntax.h"

namespace pc {

using httpsyntax::equalsIgnoreCase;

bool HttpRequestHead::keepAlive() const {
    const QList<QByteArray> tokens = headers.connectionTokens();
    if (tokens.contains(QByteArrayLiteral("close")))
        return false;
    if (version == HttpVersion::Http1_1)
        return true;
    return tokens.contains(QByteArrayLiteral("keep-alive"));
}

bool HttpRequestHead::isUpgrade() const {
    // RFC 9110 §7.8: a server must ignore Upgrade in an HTTP/1.0 request.
    return version == HttpVersion::Http1_1 && headers.contains("upgrade") &&
           headers.connectionTokens().contains(QByteArrayLiteral("upgrade"));
}

QByteArray HttpRequestHead::upgradeProtocol() const {
    if (!isUpgrade())
        return {};
    return httpsyntax::trimOws(headers.combinedValue("upgrade")).toByteArray();
}

bool HttpRequestHead::isWebSocketUpgrade() const {
    if (method != "GET" || version != HttpVersion::Http1_1 || !isUpgrade())
        return false;
    const QByteArray protocols = upgradeProtocol();
    const qsizetype comma = protocols.indexOf(',');
    const QByteArrayView first =
        comma < 0 ? QByteArrayView(protocols) : QByteArrayView(protocols).first(comma);
    return equalsIgnoreCase(httpsyntax::trimOws(first), "websocket");
}

bool HttpRequestHead::isConnect() const {
    return method == "CONNECT";
}

bool HttpRequestHead::hasBody() const {
    return framing.kind != HttpBodyFraming::Kind::None;
}

} // namespace pc
