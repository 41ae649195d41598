#include "http/httpheadassembler.h"

#include "http/httpframingrules.h"

namespace pc {

using namespace Qt::StringLiterals;
using Kind = HttpBodyFraming::Kind;

HttpParseError HttpHeadAssembler::ambiguous(const char *what) {
    return HttpParseError{400,
                          u"ambiguous message: parsers disagree on "_s + QString::fromLatin1(what)};
}

bool HttpHeadAssembler::sameFraming(const HttpBodyFraming &framing, const HttpLibParser &lib) {
    switch (framing.kind) {
    case Kind::Length:
        return !lib.isChunked() && lib.contentLength() == framing.length;
    case Kind::Chunked:
        return lib.isChunked();
    case Kind::UntilEof:
        return !lib.isChunked() && !lib.contentLength();
    default:
        return true; // no body: libhttp-parser is told to skip whatever it thinks
    }
}

Expected<HttpRequestHead, HttpParseError>
HttpHeadAssembler::request(const HttpHeadScanner &scanner, HttpMessageCollector &collector,
                           const HttpLibParser &lib, const HttpLimits &limits) {
    if (!scanner.isDone() || collector.fieldCount() != scanner.fieldCount())
        return unexpected(ambiguous("the header section"));
    HttpRequestHead head;
    head.method = scanner.startToken();
    head.target = collector.takeTarget();
    head.version = scanner.versionMinor() == 0 ? HttpVersion::Http1_0 : HttpVersion::Http1_1;
    head.headers = collector.takeFields();
    if (lib.methodName() != head.method || lib.versionMajor() != 1 ||
        lib.versionMinor() != scanner.versionMinor() || head.target.isEmpty()) {
        return unexpected(ambiguous("the request line"));
    }
    Expected<HttpBodyFraming, HttpParseError> framing = HttpFramingRules::forRequest(head, limits);
    if (!framing)
        return unexpected(framing.error());
    if (!sameFraming(*framing, lib))
        return unexpected(ambiguous("the body length"));
    head.framing = *framing;
    return head;
}

Expected<HttpResponseHead, HttpParseError>
HttpHeadAssembler::response(const HttpHeadScanner &scanner, HttpMessageCollector &collector,
                            const HttpLibParser &lib, QByteArrayView requestMethod,
                            const HttpLimits &limits) {
    if (!scanner.isDone() || collector.fieldCount() != scanner.fieldCount())
        return unexpected(ambiguous("the header section"));
    HttpResponseHead head;
    head.status = scanner.startToken().toInt();
    head.reason = collector.takeReason();
    head.version = scanner.versionMinor() == 0 ? HttpVersion::Http1_0 : HttpVersion::Http1_1;
    head.headers = collector.takeFields();
    if (lib.statusCode() != head.status || lib.versionMajor() != 1 ||
        lib.versionMinor() != scanner.versionMinor()) {
        return unexpected(ambiguous("the status line"));
    }
    Expected<HttpBodyFraming, HttpParseError> framing =
        HttpFramingRules::forResponse(head, requestMethod, limits);
    if (!framing)
        return unexpected(framing.error());
    if (!sameFraming(*framing, lib))
        return unexpected(ambiguous("the body length"));
    head.framing = *framing;
    return head;
}

bool HttpHeadAssembler::opensTunnel(const HttpRequestHead &head) {
    return head.isConnect() || head.isUpgrade();
}

bool HttpHeadAssembler::opensTunnel(const HttpResponseHead &head, QByteArrayView requestMethod) {
    return head.status == 101 ||
           (requestMethod == "CONNECT" && head.status >= 200 && head.status < 300);
}

} // namespace pc
