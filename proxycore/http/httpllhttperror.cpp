#include "http/httpllhttperror.h"

#include "http/httpsyntax.h"

#include <llhttp.h>
#include <string_view>

namespace pc {

namespace {

HttpParseError refuse(int status, const char *message) {
    return HttpParseError{status, QString::fromLatin1(message)};
}

HttpParseError headerToken(std::string_view reason, int byte, int previous) {
    if (reason == "Invalid header value char") {
        if (byte == 0)
            return refuse(400, "NUL byte in a header field value");
        if (byte == '\n')
            return refuse(400, "bare LF in the header section (CRLF required)");
        return refuse(400, "control character in a header field value");
    }
    if (byte == ' ' || byte == '\t' || (byte == ':' && (previous == ' ' || previous == '\t')))
        return refuse(400, "whitespace between a header field name and the colon");
    if (byte == '\r' || byte == '\n')
        return refuse(400, "header line without a colon");
    return refuse(400, "invalid character in a header field name");
}

bool isTchar(int byte) {
    return byte >= 0 && httpsyntax::isTchar(static_cast<char>(byte));
}

HttpParseError method(std::string_view reason, int byte, int previous) {
    // A token that is no method llhttp knows ("FOO", or "NOT " where NOTIFY was
    // expected) is 501; a byte that cannot be in a method token is 400.
    const bool known =
        reason == "Invalid method encountered" || reason == "Expected space after method";
    const bool tokenEnded = byte == ' ' && isTchar(previous);
    if (known && !isTchar(byte) && !tokenEnded)
        return refuse(400, "invalid character in the request method");
    return refuse(501, "unknown request method");
}

HttpParseError version(std::string_view reason, int previous) {
    if (reason == "Invalid HTTP version")
        return refuse(505, "HTTP version not supported (only HTTP/1.0 and HTTP/1.1)");
    if (reason == "Expected CRLF after version" && previous == '\r')
        return refuse(400, "bare CR in the start line (CRLF required)");
    return refuse(400, "malformed HTTP version");
}

} // namespace

HttpParseError HttpLlhttpError::describe(int code, const char *reasonText, int byte, int previous) {
    const std::string_view reason = reasonText != nullptr ? reasonText : "";
    switch (code) {
    case HPE_INVALID_METHOD:
        return method(reason, byte, previous);
    case HPE_INVALID_URL:
        return refuse(400, "invalid character in the request target");
    case HPE_INVALID_VERSION:
        return version(reason, previous);
    case HPE_INVALID_CONSTANT:
        return refuse(400, "malformed HTTP version");
    case HPE_INVALID_STATUS:
        return refuse(400, "invalid status code");
    case HPE_INVALID_HEADER_TOKEN:
        return headerToken(reason, byte, previous);
    case HPE_UNEXPECTED_SPACE:
        return refuse(400, "obsolete line folding or whitespace before a header field");
    case HPE_LF_EXPECTED:
        return refuse(400, "bare CR in a header field (CRLF required)");
    case HPE_UNEXPECTED_CONTENT_LENGTH:
        if (reason == "Duplicate Content-Length")
            return refuse(400, "more than one Content-Length field");
        return refuse(400, "Content-Length together with Transfer-Encoding");
    case HPE_INVALID_CONTENT_LENGTH:
        if (reason == "Content-Length overflow")
            return refuse(400, "Content-Length too large");
        return refuse(400, "invalid Content-Length");
    case HPE_INVALID_TRANSFER_ENCODING:
        if (reason == "Invalid `Transfer-Encoding` header value")
            return refuse(400, "Transfer-Encoding: chunked must be the final coding and not be "
                               "applied more than once");
        return refuse(400, "Transfer-Encoding without chunked as the final coding");
    case HPE_INVALID_CHUNK_SIZE:
        if (reason == "Chunk size overflow")
            return refuse(400, "chunk size too large");
        return refuse(400, "invalid chunk size");
    case HPE_STRICT:
    case HPE_CR_EXPECTED:
        if (reason == "Expected CRLF after chunk")
            return refuse(400, "chunk data not followed by CRLF");
        if (reason == "Expected LF after chunk size")
            return refuse(400, "bare CR in a chunk-size line (CRLF required)");
        if (reason == "Expected LF after headers" || reason == "Expected LF after CR")
            return refuse(400, "bare CR in the header section (CRLF required)");
        return refuse(400, "invalid chunk extension");
    default:
        return HttpParseError{400,
                              QStringLiteral("malformed message: ") + QString::fromLatin1(reason)};
    }
}

} // namespace pc
