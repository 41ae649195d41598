#include "http/httpllhttp.h"

#include <llhttp.h>

namespace pc {

namespace {

using Verdict = HttpLlhttp::Verdict;
using Span = HttpLlhttp::Span;
using Event = HttpLlhttp::Event;

HttpLlhttp::Handler *handler(llhttp_t *p) {
    return static_cast<HttpLlhttp::Handler *>(p->data);
}

int code(Verdict v) {
    switch (v) {
    case Verdict::Continue:
        return HPE_OK;
    case Verdict::Pause:
        return HPE_PAUSED;
    default:
        return -1;
    }
}

template <Span S> int span(llhttp_t *p, const char *at, size_t len) {
    return code(handler(p)->onSpan(S, at, static_cast<qsizetype>(len)));
}

template <Event E> int event(llhttp_t *p) {
    return code(handler(p)->onEvent(E));
}

const llhttp_settings_t &settings() {
    static const llhttp_settings_t s = [] {
        llhttp_settings_t init;
        llhttp_settings_init(&init);
        init.on_method = span<Span::Method>;
        init.on_url = span<Span::Url>;
        init.on_version = span<Span::Version>;
        init.on_status = span<Span::Reason>;
        init.on_header_field = span<Span::FieldName>;
        init.on_header_value = span<Span::FieldValue>;
        init.on_body = span<Span::Body>;
        init.on_url_complete = event<Event::UrlComplete>;
        init.on_version_complete = event<Event::VersionComplete>;
        init.on_status_complete = event<Event::StatusComplete>;
        init.on_header_field_complete = event<Event::FieldNameComplete>;
        init.on_header_value_complete = event<Event::FieldValueComplete>;
        init.on_headers_complete = event<Event::HeadersComplete>;
        init.on_chunk_complete = event<Event::ChunkComplete>;
        init.on_message_complete = event<Event::MessageComplete>;
        return init;
    }();
    return s;
}

using SpanCallback = int (*)(llhttp_t *, const char *, const char *);

} // namespace

HttpLlhttp::Handler::~Handler() = default;

HttpLlhttp::HttpLlhttp(Kind kind, Handler *handler)
    : m_parser(std::make_unique<llhttp_t>())
    , m_kind(kind)
    , m_handler(handler) {
    reset();
}

HttpLlhttp::~HttpLlhttp() = default;

void HttpLlhttp::reset() {
    llhttp_init(m_parser.get(), m_kind == Kind::Request ? HTTP_REQUEST : HTTP_RESPONSE,
                &settings());
    m_parser->data = m_handler;
}

HttpLlhttp::Result HttpLlhttp::execute(const char *data, qsizetype len) {
    const llhttp_errno_t err = llhttp_execute(m_parser.get(), data, static_cast<size_t>(len));
    Result r;
    if (err == HPE_OK) {
        r.consumed = len;
        return r;
    }
    r.consumed = static_cast<qsizetype>(llhttp_get_error_pos(m_parser.get()) - data);
    r.status = err == HPE_PAUSED ? Result::Status::Paused : Result::Status::Failed;
    r.code = err;
    r.reason = llhttp_get_error_reason(m_parser.get());
    return r;
}

HttpLlhttp::Result HttpLlhttp::finish() {
    const llhttp_errno_t err = llhttp_finish(m_parser.get());
    Result r;
    if (err == HPE_PAUSED)
        r.status = Result::Status::Paused;
    else if (err != HPE_OK)
        r.status = Result::Status::Failed;
    r.code = err;
    r.reason = llhttp_get_error_reason(m_parser.get());
    return r;
}

void HttpLlhttp::resume() {
    llhttp_resume(m_parser.get());
}

void HttpLlhttp::flushSpan(const char *data, qsizetype errorOffset) {
    const auto *start = static_cast<const char *>(m_parser->_span_pos0);
    const char *end = data + errorOffset;
    if (start == nullptr || m_parser->_span_cb0 == nullptr || start < data || start >= end)
        return;
    m_parser->_span_pos0 = nullptr;
    reinterpret_cast<SpanCallback>(m_parser->_span_cb0)(m_parser.get(), start, end);
}

bool HttpLlhttp::isCallbackError(int err) {
    return err == HPE_USER || (err >= HPE_CB_MESSAGE_BEGIN && err <= HPE_CB_CHUNK_COMPLETE) ||
           err == HPE_CB_URL_COMPLETE || err == HPE_CB_STATUS_COMPLETE ||
           err == HPE_CB_METHOD_COMPLETE || err == HPE_CB_VERSION_COMPLETE ||
           err == HPE_CB_HEADER_FIELD_COMPLETE || err == HPE_CB_HEADER_VALUE_COMPLETE ||
           err == HPE_CB_CHUNK_EXTENSION_NAME_COMPLETE ||
           err == HPE_CB_CHUNK_EXTENSION_VALUE_COMPLETE || err == HPE_CB_RESET;
}

int HttpLlhttp::versionMajor() const {
    return m_parser->http_major;
}

int HttpLlhttp::versionMinor() const {
    return m_parser->http_minor;
}

int HttpLlhttp::statusCode() const {
    return m_parser->status_code;
}

bool HttpLlhttp::isChunked() const {
    return (m_parser->flags & F_CHUNKED) != 0;
}

bool HttpLlhttp::hasContentLength() const {
    return (m_parser->flags & F_CONTENT_LENGTH) != 0;
}

bool HttpLlhttp::hasTransferEncoding() const {
    return (m_parser->flags & F_TRANSFER_ENCODING) != 0;
}

quint64 HttpLlhttp::contentLength() const {
    return m_parser->content_length;
}

void HttpLlhttp::setBodyVerdict(bool skipBody, bool upgrade) {
    // llhttp reads these after on_headers_complete (llhttp__after_headers_complete):
    // F_SKIPBODY is what returning 1 from it sets, upgrade what returning 2 sets.
    if (skipBody || upgrade)
        m_parser->flags |= F_SKIPBODY;
    m_parser->upgrade = upgrade ? 1 : 0;
}

} // namespace pc
