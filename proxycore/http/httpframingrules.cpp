#include "http/httpframingrules.h"

#include "http/httpsyntax.h"

#include <limits>

namespace pc {

using namespace httpsyntax;
using Kind = HttpBodyFraming::Kind;

namespace {

HttpParseError refuse(int status, const char *message) {
    return HttpParseError{status, QString::fromLatin1(message)};
}

} // namespace

std::optional<HttpParseError> HttpFramingRules::checkTransferCodings(const HttpHeaders &headers) {
    QList<QByteArrayView> codings;
    const QList<QByteArray> values = headers.values("transfer-encoding");
    for (const QByteArray &value : values) {
        qsizetype start = 0;
        while (start <= value.size()) {
            qsizetype comma = value.indexOf(',', start);
            if (comma < 0)
                comma = value.size();
            codings.append(trimOws(QByteArrayView(value).sliced(start, comma - start)));
            start = comma + 1;
        }
    }
    qsizetype chunked = 0;
    for (QByteArrayView coding : codings) {
        if (!isToken(coding))
            return refuse(400, "invalid Transfer-Encoding");
        if (equalsIgnoreCase(coding, "chunked"))
            ++chunked;
    }
    if (codings.isEmpty() || !equalsIgnoreCase(codings.last(), "chunked"))
        return refuse(400, "Transfer-Encoding without chunked as the final coding");
    if (chunked > 1)
        return refuse(400, "Transfer-Encoding applies chunked more than once");
    if (codings.size() > 1)
        return refuse(501, "unsupported transfer coding (only chunked is implemented)");
    return std::nullopt;
}

Expected<HttpBodyFraming, HttpParseError> HttpFramingRules::announced(const HttpHeaders &headers,
                                                                      HttpVersion version,
                                                                      const HttpLimits &limits) {
    const bool te = headers.contains("transfer-encoding");
    const qsizetype cls = headers.countOf("content-length");
    if (te && cls > 0)
        return unexpected(refuse(400, "Content-Length together with Transfer-Encoding"));
    if (te) {
        if (version == HttpVersion::Http1_0)
            return unexpected(refuse(400, "Transfer-Encoding in an HTTP/1.0 message"));
        if (std::optional<HttpParseError> refused = checkTransferCodings(headers))
            return unexpected(std::move(*refused));
        return HttpBodyFraming{Kind::Chunked, 0};
    }
    if (cls == 0)
        return HttpBodyFraming{};
    if (cls > 1)
        return unexpected(refuse(400, "more than one Content-Length field"));
    const QByteArrayView digits = trimOws(headers.value("content-length"));
    if (digits.isEmpty())
        return unexpected(refuse(400, "invalid Content-Length"));
    quint64 length = 0;
    constexpr quint64 max = std::numeric_limits<quint64>::max();
    for (char c : digits) {
        if (!isDigit(c))
            return unexpected(refuse(400, "invalid Content-Length"));
        const auto d = static_cast<quint64>(c - '0');
        if (length > (max - d) / 10)
            return unexpected(refuse(400, "Content-Length too large"));
        length = length * 10 + d;
    }
    if (length > limits.maxBodyBytes)
        return unexpected(refuse(413, "body too large"));
    if (length == 0)
        return HttpBodyFraming{};
    return HttpBodyFraming{Kind::Length, length};
}

Expected<HttpBodyFraming, HttpParseError> HttpFramingRules::forRequest(const HttpRequestHead &head,
                                                                       const HttpLimits &limits) {
    const qsizetype hosts = head.headers.countOf("host");
    if (hosts > 1)
        return unexpected(refuse(400, "more than one Host field"));
    if (hosts == 0 && head.version == HttpVersion::Http1_1)
        return unexpected(refuse(400, "HTTP/1.1 request without a Host field"));
    Expected<HttpBodyFraming, HttpParseError> framing =
        announced(head.headers, head.version, limits);
    if (!framing)
        return framing;
    if (framing->kind != Kind::None && head.isConnect())
        return unexpected(refuse(400, "CONNECT request with a body"));
    if (framing->kind != Kind::None && head.isUpgrade())
        return unexpected(refuse(400, "upgrade request with a body"));
    return framing;
}

Expected<HttpBodyFraming, HttpParseError>
HttpFramingRules::forResponse(const HttpResponseHead &head, QByteArrayView requestMethod,
                              const HttpLimits &limits) {
    Expected<HttpBodyFraming, HttpParseError> framing =
        announced(head.headers, head.version, limits);
    if (!framing)
        return framing;
    const bool noBody = (head.status >= 100 && head.status < 200) || head.status == 204 ||
                        head.status == 304 || requestMethod == "HEAD" ||
                        (requestMethod == "CONNECT" && head.status >= 200 && head.status < 300);
    if (noBody)
        return HttpBodyFraming{};
    const bool announcedLength = head.headers.contains("content-length");
    if (framing->kind == Kind::None && !announcedLength)
        return HttpBodyFraming{Kind::UntilEof, 0};
    return framing;
}

} // namespace pc
