#include "rewrite/workercompat.h"

#include "http/httpsyntax.h"
#include "rewrite/endpoint.h"
#include "token/strictjson.h"

#include <QJsonDocument>
#include <QJsonObject>

using namespace Qt::StringLiterals;

namespace pc {

namespace {

using httpsyntax::equalsIgnoreCase;

// Header names the JSON may not set: the upgrade is a GET without a body, so framing
// fields could only desynchronise the BMC connection.
constexpr QByteArrayView kRefused[] = {"content-length", "transfer-encoding"};
// Header names the gateway writes itself on the upgrade.
constexpr QByteArrayView kIgnored[] = {"host",
                                       "connection",
                                       "upgrade",
                                       "keep-alive",
                                       "proxy-connection",
                                       "te",
                                       "trailer",
                                       "proxy-authorization",
                                       "proxy-authenticate",
                                       "sec-websocket-key",
                                       "sec-websocket-version"};

bool isOneOf(QByteArrayView name, const auto &list) {
    for (QByteArrayView entry : list) {
        if (equalsIgnoreCase(name, entry))
            return true;
    }
    return false;
}

// A name for error messages: printable ASCII, short, controls shown as \xNN.
QString printable(QByteArrayView bytes) {
    QString out;
    for (char c : bytes.first(std::min<qsizetype>(bytes.size(), 40))) {
        const uchar u = uchar(c);
        if (u >= 0x20 && u < 0x7f)
            out.append(QLatin1Char(char(u)));
        else
            out.append(u"\\x%1"_s.arg(uint(u), 2, 16, QLatin1Char('0')));
    }
    return out;
}

} // namespace

Expected<WorkerCompat::Target, RewriteError> WorkerCompat::parseTarget(QByteArrayView host,
                                                                       QByteArrayView port) {
    quint16 number = 443;
    if (!port.isNull()) {
        const auto parsed = Endpoint::parsePort(port);
        if (!parsed)
            return rewriteError(u"bad_port"_s,
                                u"port '%1' is not a number in 1..65535"_s.arg(printable(port)));
        number = *parsed;
    }
    QByteArray authority = host.toByteArray();
    if (authority.contains(':') && !authority.startsWith('['))
        authority = '[' + authority + ']';
    const auto endpoint = Endpoint::fromAuthority(authority, "https");
    if (!endpoint || authority.contains(':') != endpoint->isIpv6())
        return rewriteError(u"bad_target"_s,
                            u"'%1' is not an IP address or host name"_s.arg(printable(host)));
    return Target{QString::fromLatin1(endpoint->bareHost()), number};
}

Expected<std::optional<WorkerCompat::Target>, RewriteError>
WorkerCompat::takeHeaderTarget(HttpHeaders &headers) {
    const qsizetype hosts = headers.countOf("x-pm-host");
    const qsizetype ports = headers.countOf("x-pm-port");
    if (hosts == 0 && ports == 0)
        return std::optional<Target>();
    const QByteArray host = httpsyntax::trimOws(headers.value("x-pm-host")).toByteArray();
    const QByteArray port = httpsyntax::trimOws(headers.value("x-pm-port")).toByteArray();
    headers.remove("x-pm-host");
    headers.remove("x-pm-port");
    if (hosts == 0)
        return rewriteError(u"bad_target"_s, u"X-PM-Port without X-PM-Host"_s);
    if (hosts > 1 || ports > 1)
        return rewriteError(u"bad_target"_s, u"X-PM-Host and X-PM-Port may appear once each"_s);
    auto target = parseTarget(host, ports == 0 ? QByteArrayView() : QByteArrayView(port));
    if (!target)
        return unexpected(target.error());
    return std::optional<Target>(*target);
}

bool WorkerCompat::isWebSocketTarget(QByteArrayView target) {
    return target.startsWith(kWebSocketPrefix);
}

std::optional<QByteArray> WorkerCompat::decodeBase64(QByteArrayView text) {
    QByteArray data = text.toByteArray();
    while (data.endsWith('='))
        data.chop(1);
    if (text.size() - data.size() > 2 || data.isEmpty() || data.size() % 4 == 1)
        return std::nullopt;
    const bool standard = data.contains('+') || data.contains('/');
    const bool urlSafe = data.contains('-') || data.contains('_');
    if (standard && urlSafe)
        return std::nullopt;
    // Re-pad so that Qt's strict mode sees a canonical length.
    data.append(QByteArray((4 - data.size() % 4) % 4, '='));
    auto options = QByteArray::AbortOnBase64DecodingErrors;
    auto decoded = QByteArray::fromBase64Encoding(
        std::move(data),
        options | (urlSafe ? QByteArray::Base64UrlEncoding : QByteArray::Base64Encoding));
    if (decoded.decodingStatus != QByteArray::Base64DecodingStatus::Ok)
        return std::nullopt;
    return decoded.decoded;
}

Expected<WorkerCompat::WebSocketRequest, RewriteError>
WorkerCompat::parseWebSocket(QByteArrayView target) {
    if (!isWebSocketTarget(target))
        return rewriteError(u"bad_websocket_path"_s, u"the path does not start with /websocket/"_s);
    const qsizetype question = target.indexOf('?');
    const QByteArrayView path = question < 0 ? target : target.first(question);
    const QByteArrayView query = question < 0 ? QByteArrayView() : target.sliced(question + 1);

    // {ip}/{port}[/{path}]
    const QByteArrayView rest = path.sliced(kWebSocketPrefix.size());
    const qsizetype slash1 = rest.indexOf('/');
    const QByteArrayView ipPart = slash1 < 0 ? rest : rest.first(slash1);
    const QByteArrayView afterIp = slash1 < 0 ? QByteArrayView() : rest.sliced(slash1 + 1);
    const qsizetype slash2 = afterIp.indexOf('/');
    const QByteArrayView portPart = slash2 < 0 ? afterIp : afterIp.first(slash2);
    if (ipPart.isEmpty() || slash1 < 0)
        return rewriteError(u"bad_websocket_path"_s, u"expected /websocket/{ip}/{port}/{path}"_s);
    if (portPart.isEmpty())
        return rewriteError(u"bad_port"_s, u"the /websocket/ path names no port"_s);
    const QByteArray ip = QByteArray::fromPercentEncoding(ipPart.toByteArray());
    auto parsedTarget = parseTarget(ip, portPart);
    if (!parsedTarget)
        return unexpected(parsedTarget.error());

    WebSocketRequest request;
    request.target = *parsedTarget;
    request.bmcTarget = slash2 < 0 ? QByteArray("/") : afterIp.sliced(slash2).toByteArray();

    // The query: `headers` is ours, everything else goes on to the BMC as it came.
    QList<QByteArray> kept;
    std::optional<QByteArray> encoded;
    for (const QByteArray &param : query.toByteArray().split('&')) {
        if (param.isEmpty())
            continue;
        const qsizetype eq = param.indexOf('=');
        const QByteArray name = QByteArray::fromPercentEncoding(eq < 0 ? param : param.first(eq));
        if (name != "headers") {
            kept.append(param);
            continue;
        }
        if (encoded)
            return rewriteError(u"bad_websocket_path"_s, u"'headers' given twice"_s);
        encoded = eq < 0 ? QByteArray() : param.sliced(eq + 1);
    }
    if (!kept.isEmpty())
        request.bmcTarget += '?' + kept.join('&');
    if (!encoded)
        return request;
    return decodeHeaders(QByteArray::fromPercentEncoding(*encoded), std::move(request));
}

Expected<WorkerCompat::WebSocketRequest, RewriteError>
WorkerCompat::decodeHeaders(QByteArrayView encoded, WebSocketRequest request) {
    const auto json = decodeBase64(encoded);
    if (!json)
        return rewriteError(u"bad_base64"_s,
                            u"'headers' is not base64 (standard or url-safe, padded or not)"_s);
    const QJsonDocument loose = QJsonDocument::fromJson(*json);
    if (!loose.isNull() && !loose.isObject())
        return rewriteError(u"bad_json"_s, u"'headers' must decode to a JSON object"_s);
    const auto object = StrictJson::parseObject(*json, u"'headers'"_s);
    if (!object)
        return rewriteError(u"bad_json"_s, object.error().message());

    for (auto it = object->begin(); it != object->end(); ++it) {
        const QByteArray name = it.key().toUtf8();
        if (!httpsyntax::isToken(name))
            return rewriteError(u"bad_header_name"_s,
                                u"header name '%1' is not a token (no CR, LF, NUL, spaces or "
                                "separators)"_s.arg(printable(name)));
        if (!it.value().isString())
            return rewriteError(u"bad_header_value"_s,
                                u"header '%1': the value must be a string"_s.arg(printable(name)));
        const QByteArray value = it.value().toString().toUtf8();
        if (!httpsyntax::isFieldValue(value))
            return rewriteError(u"bad_header_value"_s,
                                u"header '%1': the value holds CR, LF, NUL or another control "
                                "character"_s.arg(printable(name)));
        if (isOneOf(name, kRefused))
            return rewriteError(
                u"header_not_allowed"_s,
                u"header '%1' cannot be set on a WebSocket upgrade"_s.arg(printable(name)));
        if (request.headers.contains(name))
            return rewriteError(u"bad_json"_s,
                                u"header '%1' is given twice"_s.arg(printable(name)));
        if (isOneOf(name, kIgnored))
            request.ignored.append(name);
        else
            request.headers.append(name, value);
    }
    return request;
}

void WorkerCompat::apply(const WebSocketRequest &request, HttpRequestHead &head) {
    head.target = request.bmcTarget;
    for (const HttpHeaders::Field &field : request.headers)
        head.headers.set(field.name, field.value);
}

} // namespace pc
