#include "http/httplibparser.h"

#include <http_parser.h>
#include <limits>

namespace pc {

using namespace Qt::StringLiterals;

namespace {

HttpLibParser::Handler *handler(http_parser *p) {
    return static_cast<HttpLibParser::Handler *>(p->data);
}

int status(bool ok) {
    return ok ? 0 : -1;
}

QByteArrayView view(const char *at, size_t len) {
    return QByteArrayView(at, static_cast<qsizetype>(len));
}

int cbUrl(http_parser *p, const char *at, size_t len) {
    return status(handler(p)->onUrl(view(at, len)));
}

int cbStatus(http_parser *p, const char *at, size_t len) {
    return status(handler(p)->onStatus(view(at, len)));
}

int cbHeaderField(http_parser *p, const char *at, size_t len) {
    return status(handler(p)->onHeaderField(view(at, len)));
}

int cbHeaderValue(http_parser *p, const char *at, size_t len) {
    return status(handler(p)->onHeaderValue(view(at, len)));
}

int cbHeadersComplete(http_parser *p) {
    // libhttp-parser: 1 = no body, 2 = no body and no more HTTP on this stream.
    switch (handler(p)->onHeadersComplete()) {
    case HttpLibParser::BodyVerdict::Parse:
        p->upgrade = 0; // our verdict on upgrades is the one that counts
        return 0;
    case HttpLibParser::BodyVerdict::Skip:
        p->upgrade = 0;
        return 1;
    case HttpLibParser::BodyVerdict::Upgrade:
        return 2;
    default:
        return -1;
    }
}

int cbBody(http_parser *p, const char *at, size_t len) {
    return len == 0 ? 0 : status(handler(p)->onBody(view(at, len)));
}

int cbMessageComplete(http_parser *p) {
    return status(handler(p)->onMessageComplete());
}

const http_parser_settings &settings() {
    static const http_parser_settings s = [] {
        http_parser_settings init;
        http_parser_settings_init(&init);
        init.on_url = cbUrl;
        init.on_status = cbStatus;
        init.on_header_field = cbHeaderField;
        init.on_header_value = cbHeaderValue;
        init.on_headers_complete = cbHeadersComplete;
        init.on_body = cbBody;
        init.on_message_complete = cbMessageComplete;
        return init;
    }();
    return s;
}

// What libhttp-parser refuses by itself that the scanners let through: unknown
// methods, Content-Length syntax and duplicates, Content-Length with
// Transfer-Encoding, the 80 KiB head cap, URL syntax.
HttpParseError libraryError(http_errno err) {
    const QString detail = QString::fromLatin1(http_errno_description(err));
    switch (err) {
    case HPE_INVALID_METHOD:
        return {501, u"unknown request method"_s};
    case HPE_HEADER_OVERFLOW:
        return {431, u"header section too large"_s};
    case HPE_INVALID_CONTENT_LENGTH:
    case HPE_UNEXPECTED_CONTENT_LENGTH:
        return {400, u"Content-Length refused: "_s + detail};
    case HPE_INVALID_TRANSFER_ENCODING:
        return {400, u"Transfer-Encoding refused: "_s + detail};
    default:
        return {400, u"malformed message: "_s + detail};
    }
}

} // namespace

HttpLibParser::Handler::~Handler() = default;

HttpLibParser::HttpLibParser(Kind kind, Handler *handler)
    : m_parser(std::make_unique<http_parser>())
    , m_kind(kind)
    , m_handler(handler) {
    reset();
}

HttpLibParser::~HttpLibParser() = default;

void HttpLibParser::reset() {
    http_parser_init(m_parser.get(), m_kind == Kind::Request ? HTTP_REQUEST : HTTP_RESPONSE);
    m_parser->data = m_handler;
}

Expected<qsizetype, HttpParseError> HttpLibParser::execute(const char *data, qsizetype len) {
    const size_t done =
        http_parser_execute(m_parser.get(), &settings(), data, static_cast<size_t>(len));
    const auto err = HTTP_PARSER_ERRNO(m_parser.get());
    if (err == HPE_PAUSED)
        http_parser_pause(m_parser.get(), 0); // pausing only makes execute() return
    else if (err != HPE_OK)
        return unexpected(libraryError(err));
    return static_cast<qsizetype>(done);
}

void HttpLibParser::pause() {
    http_parser_pause(m_parser.get(), 1);
}

QByteArrayView HttpLibParser::methodName() const {
    return QByteArrayView(http_method_str(static_cast<http_method>(m_parser->method)));
}

int HttpLibParser::statusCode() const {
    return static_cast<int>(m_parser->status_code);
}

int HttpLibParser::versionMajor() const {
    return m_parser->http_major;
}

int HttpLibParser::versionMinor() const {
    return m_parser->http_minor;
}

bool HttpLibParser::isChunked() const {
    return (m_parser->flags & F_CHUNKED) != 0;
}

std::optional<quint64> HttpLibParser::contentLength() const {
    if (m_parser->content_length == std::numeric_limits<uint64_t>::max())
        return std::nullopt;
    return static_cast<quint64>(m_parser->content_length);
}

} // namespace pc
