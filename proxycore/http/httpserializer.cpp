#include "http/httpserializer.h"

#include "http/httpreasonphrase.h"
#include "http/httpsyntax.h"

namespace pc {

using namespace Qt::StringLiterals;
using namespace httpsyntax;

namespace {

QByteArrayView versionText(HttpVersion version) {
    return version == HttpVersion::Http1_0 ? "HTTP/1.0" : "HTTP/1.1";
}

Unexpected<HttpSerializeError> refuse(QString message) {
    return unexpected(HttpSerializeError{std::move(message)});
}

bool isTarget(QByteArrayView target) {
    if (target.isEmpty())
        return false;
    for (char c : target) {
        if (!isVchar(c))
            return false;
    }
    return true;
}

} // namespace

Expected<QByteArray, HttpSerializeError> HttpSerializer::fields(const HttpHeaders &headers) {
    QByteArray out;
    for (const HttpHeaders::Field &f : headers) {
        if (!isToken(f.name))
            return refuse(u"invalid header field name"_s);
        if (!isFieldValue(f.value))
            return refuse(u"header field value with CR, LF, NUL or another control character"_s);
        out.append(f.name).append(": ").append(trimOws(f.value)).append("\r\n");
    }
    return out;
}

Expected<QByteArray, HttpSerializeError> HttpSerializer::requestHead(const HttpRequestHead &head) {
    if (!isToken(head.method))
        return refuse(u"invalid request method"_s);
    if (!isTarget(head.target))
        return refuse(u"invalid request target"_s);
    Expected<QByteArray, HttpSerializeError> lines = fields(head.headers);
    if (!lines)
        return lines;
    QByteArray out;
    out.reserve(head.method.size() + head.target.size() + lines->size() + 16);
    out.append(head.method).append(' ').append(head.target).append(' ');
    out.append(versionText(head.version)).append("\r\n").append(*lines).append("\r\n");
    return out;
}

Expected<QByteArray, HttpSerializeError>
HttpSerializer::responseHead(const HttpResponseHead &head) {
    if (head.status < 100 || head.status > 599)
        return refuse(u"status code out of range"_s);
    if (!isFieldValue(head.reason))
        return refuse(u"reason phrase with CR, LF, NUL or another control character"_s);
    Expected<QByteArray, HttpSerializeError> lines = fields(head.headers);
    if (!lines)
        return lines;
    QByteArray out;
    out.reserve(head.reason.size() + lines->size() + 20);
    out.append(versionText(head.version)).append(' ').append(QByteArray::number(head.status));
    out.append(' ').append(head.reason).append("\r\n").append(*lines).append("\r\n");
    return out;
}

QByteArray HttpSerializer::chunk(QByteArrayView data) {
    if (data.isEmpty())
        return {};
    QByteArray out = QByteArray::number(data.size(), 16);
    out.reserve(out.size() + data.size() + 4);
    out.append("\r\n").append(data).append("\r\n");
    return out;
}

Expected<QByteArray, HttpSerializeError> HttpSerializer::lastChunk(const HttpHeaders &trailers) {
    Expected<QByteArray, HttpSerializeError> lines = fields(trailers);
    if (!lines)
        return lines;
    return QByteArrayLiteral("0\r\n") + *lines + QByteArrayLiteral("\r\n");
}

Expected<QByteArray, HttpSerializeError>
HttpSerializer::simpleResponse(int status, const HttpHeaders &headers, QByteArrayView body) {
    HttpResponseHead head;
    head.status = status;
    head.reason = reasonPhrase(status);
    head.headers = headers;
    head.headers.remove("transfer-encoding");
    head.headers.remove("content-length");
    const bool bodyless = (status >= 100 && status < 200) || status == 204 || status == 304;
    if (bodyless && !body.isEmpty())
        return refuse(u"a %1 response cannot have a body"_s.arg(status));
    if (!bodyless)
        head.headers.append(QByteArrayLiteral("Content-Length"), QByteArray::number(body.size()));
    Expected<QByteArray, HttpSerializeError> out = responseHead(head);
    if (!out)
        return out;
    out->append(body);
    return out;
}

QByteArray HttpSerializer::reasonPhrase(int status) {
    return HttpReasonPhrase::of(status);
}

} // namespace pc
