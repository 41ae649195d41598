#include "tunnel/wshandshake.h"

#include "http/httpparser.h"

#include <QCryptographicHash>
#include <QRandomGenerator>

using namespace Qt::StringLiterals;

namespace pc::wshandshake {

namespace {

constexpr QByteArrayView kGuid = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

struct RequestHeadCatcher : HttpParserListener {
    Action onRequestHead(const HttpRequestHead &h) override {
        head = h;
        seen = true;
        return Action::Continue;
    }
    HttpRequestHead head;
    bool seen = false;
};

ServerAnswer refuse(int status, QByteArrayView reason, QString why, QByteArray extra = {}) {
    ServerAnswer a;
    a.why = std::move(why);
    a.response = "HTTP/1.1 " + QByteArray::number(status) + ' ' + reason.toByteArray() + "\r\n" +
                 extra + "Content-Length: 0\r\nConnection: close\r\n\r\n";
    return a;
}

} // namespace

QByteArray newKey() {
    quint32 words[4];
    QRandomGenerator::system()->fillRange(words);
    return QByteArray(reinterpret_cast<const char *>(words), sizeof words).toBase64();
}

QByteArray acceptFor(QByteArrayView key) {
    QCryptographicHash sha1(QCryptographicHash::Sha1);
    sha1.addData(key);
    sha1.addData(kGuid);
    return sha1.result().toBase64();
}

QByteArray clientRequest(const QUrl &url, const QList<QPair<QByteArray, QByteArray>> &headers,
                         const QByteArray &key) {
    const bool secure = url.scheme() == u"wss"_s;
    const int port = url.port(secure ? 443 : 80);
    QByteArray host = url.host(QUrl::FullyEncoded).toLatin1();
    if (host.contains(':'))
        host = '[' + host + ']';
    if (port != (secure ? 443 : 80))
        host += ':' + QByteArray::number(port);
    QByteArray target = url.path(QUrl::FullyEncoded).toLatin1();
    if (target.isEmpty())
        target = "/";
    if (url.hasQuery())
        target += '?' + url.query(QUrl::FullyEncoded).toLatin1();
    QByteArray out = "GET " + target + " HTTP/1.1\r\nHost: " + host +
                     "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: " + key +
                     "\r\nSec-WebSocket-Version: 13\r\n";
    for (const auto &[name, value] : headers)
        out += name + ": " + value + "\r\n";
    out += "\r\n";
    return out;
}

ServerAnswer answerUpgrade(QByteArrayView request) {
    RequestHeadCatcher catcher;
    HttpParser parser(HttpParser::Mode::Request, &catcher);
    const auto consumed = parser.feed(request);
    if (!consumed)
        return refuse(400, "Bad Request", consumed.error().message);
    if (!catcher.seen || parser.state() != HttpParser::State::Upgraded)
        return refuse(400, "Bad Request", u"not a complete upgrade request"_s);
    const HttpRequestHead &head = catcher.head;
    if (!head.isWebSocketUpgrade())
        return refuse(400, "Bad Request", u"not a WebSocket upgrade"_s);
    if (head.headers.combinedValue("Sec-WebSocket-Version").trimmed() != "13")
        return refuse(426, "Upgrade Required", u"WebSocket version other than 13"_s,
                      "Sec-WebSocket-Version: 13\r\n");
    const QList<QByteArray> keys = head.headers.values("Sec-WebSocket-Key");
    if (keys.size() != 1 || QByteArray::fromBase64Encoding(keys.first().trimmed(),
                                                           QByteArray::AbortOnBase64DecodingErrors)
                                    .decoded.size() != 16)
        return refuse(400, "Bad Request", u"a missing or malformed Sec-WebSocket-Key"_s);
    ServerAnswer a;
    a.accepted = true;
    a.headBytes = *consumed;
    a.response = "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n"
                 "Connection: Upgrade\r\nSec-WebSocket-Accept: " +
                 acceptFor(keys.first().trimmed()) + "\r\n\r\n";
    return a;
}

} // namespace pc::wshandshake
