#include "http/httpmessagehandler.h"

#include "http/httpframingrules.h"

namespace pc {

using namespace Qt::StringLiterals;
using Action = HttpParserListener::Action;
using Event = HttpLlhttp::Event;
using Kind = HttpBodyFraming::Kind;
using Pending = HttpParserState::Pending;
using Phase = HttpParserState::Phase;
using Span = HttpLlhttp::Span;

HttpMessageHandler::HttpMessageHandler(HttpParser::Mode mode, HttpParserListener *listener,
                                       const HttpLimits &limits, HttpParserState &state,
                                       const HttpStreamWindow &window, HttpLlhttp &lib)
    : m_mode(mode)
    , m_listener(listener)
    , m_limits(limits)
    , m_state(state)
    , m_window(window)
    , m_lib(lib)
    , m_tracker(mode == HttpParser::Mode::Request, limits, window) {}

void HttpMessageHandler::startMessage() {
    m_collector.reset();
    m_tracker.startMessage();
}

void HttpMessageHandler::startTrailers() {
    m_tracker.startTrailers();
    m_state.trailers = true;
}

void HttpMessageHandler::pendingChecks() {
    checked(m_tracker.pending());
}

void HttpMessageHandler::afterStep(qint64 end) {
    m_tracker.afterStep(end);
}

HttpLlhttp::Verdict HttpMessageHandler::checked(Check check) {
    if (!check)
        return Verdict::Continue;
    if (!m_state.callbackError)
        m_state.callbackError = std::move(*check);
    return Verdict::Refuse;
}

HttpLlhttp::Verdict HttpMessageHandler::onSpan(Span span, const char *at, qsizetype len) {
    if (m_state.phase == Phase::Failed || m_state.callbackError)
        return Verdict::Refuse;
    if (Check refused = m_tracker.pending())
        return checked(std::move(refused));
    const QByteArrayView piece(at, len);
    const qint64 start = m_window.offsetOf(at);
    const qint64 end = start + len;
    switch (span) {
    case Span::Body:
        return body(piece);
    case Span::Method:
        m_collector.appendMethod(piece);
        return checked(m_tracker.method(start, end));
    case Span::Url:
        m_collector.appendTarget(piece);
        return checked(m_tracker.target(start, end));
    case Span::Version:
        return checked(m_tracker.version(start, end));
    case Span::Reason:
        m_collector.appendReason(piece);
        return checked(m_tracker.reason(at, start, end));
    case Span::FieldName:
        m_collector.appendFieldName(piece);
        return checked(m_tracker.fieldName(start, end));
    case Span::FieldValue:
        m_collector.appendFieldValue(piece);
        return checked(m_tracker.fieldValue(start, end));
    }
    return Verdict::Refuse;
}

HttpLlhttp::Verdict HttpMessageHandler::onEvent(Event event) {
    if (m_state.phase == Phase::Failed || m_state.callbackError)
        return Verdict::Refuse;
    if (Check refused = m_tracker.pending())
        return checked(std::move(refused));
    switch (event) {
    case Event::UrlComplete:
        return checked(m_tracker.targetEnd());
    case Event::VersionComplete:
        return checked(m_tracker.versionEnd(m_lib.versionMajor(), m_lib.versionMinor()));
    case Event::FieldNameComplete:
        return checked(m_tracker.fieldNameEnd(m_collector.lastFieldNameEmpty()));
    case Event::FieldValueComplete:
        return checked(m_tracker.fieldValueEnd());
    case Event::StatusComplete:
        m_state.pending = Pending::StatusLine;
        return Verdict::Pause;
    case Event::HeadersComplete:
        if (m_state.trailers)
            return Verdict::Continue;
        m_state.pending = Pending::Head;
        return Verdict::Pause;
    case Event::ChunkComplete:
        if (m_state.trailers)
            return Verdict::Continue;
        m_state.pending = Pending::ChunkEnd;
        return Verdict::Pause;
    case Event::MessageComplete:
        m_state.pending = Pending::MessageEnd;
        return Verdict::Pause;
    }
    return Verdict::Refuse;
}

std::optional<HttpParseError> HttpMessageHandler::statusLineEnd(qint64 end) {
    return m_tracker.statusLineEnd(end, m_lib.statusCode());
}

void HttpMessageHandler::pauseIf(Action action) {
    if (action == Action::Pause)
        m_state.paused = true;
}

std::optional<HttpParseError> HttpMessageHandler::headEnd(qint64 end) {
    if (Check refused = m_tracker.sectionEnd(end))
        return refused;
    return m_mode == HttpParser::Mode::Request ? requestHead() : responseHead();
}

HttpMessageHandler::Check HttpMessageHandler::requestHead() {
    HttpRequestHead head;
    head.method = m_collector.takeMethod();
    head.target = m_collector.takeTarget();
    head.version = m_lib.versionMinor() == 0 ? HttpVersion::Http1_0 : HttpVersion::Http1_1;
    head.headers = m_collector.takeFields();
    Expected<HttpBodyFraming, HttpParseError> framing =
        HttpFramingRules::forRequest(head, m_limits);
    if (!framing)
        return framing.error();
    head.framing = *framing;
    m_state.upgradeAfter = head.isConnect() || head.isUpgrade();
    m_state.closeAfter = !head.keepAlive();
    if (Check refused = beginBody(head.framing))
        return refused;
    pauseIf(m_listener->onRequestHead(head));
    return std::nullopt;
}

HttpMessageHandler::Check HttpMessageHandler::responseHead() {
    // Interim responses answer the same request as the final one that follows.
    QByteArray method = QByteArrayLiteral("GET");
    const int status = m_lib.statusCode();
    const bool interim = status >= 100 && status < 200 && status != 101;
    if (!m_state.requestMethods.isEmpty())
        method = interim ? m_state.requestMethods.first() : m_state.requestMethods.takeFirst();
    HttpResponseHead head;
    head.status = status;
    head.reason = m_collector.takeReason();
    head.version = m_lib.versionMinor() == 0 ? HttpVersion::Http1_0 : HttpVersion::Http1_1;
    head.headers = m_collector.takeFields();
    Expected<HttpBodyFraming, HttpParseError> framing =
        HttpFramingRules::forResponse(head, method, m_limits);
    if (!framing)
        return framing.error();
    head.framing = *framing;
    m_state.upgradeAfter = status == 101 || (method == "CONNECT" && status >= 200 && status < 300);
    m_state.closeAfter = !interim && !head.keepAlive();
    if (Check refused = beginBody(head.framing))
        return refused;
    pauseIf(m_listener->onResponseHead(head));
    return std::nullopt;
}

HttpMessageHandler::Check HttpMessageHandler::beginBody(const HttpBodyFraming &framing) {
    // llhttp decided the framing from the same fields; where it reads them otherwise
    // (e.g. "chunked" followed by a tab), the message is ambiguous.
    const Kind kind = m_state.upgradeAfter ? Kind::None : framing.kind;
    bool same = true;
    switch (kind) {
    case Kind::None:
        m_state.phase = Phase::Length;
        break;
    case Kind::Length:
        same = m_lib.hasContentLength() && !m_lib.isChunked() &&
               m_lib.contentLength() == framing.length;
        m_state.phase = Phase::Length;
        m_state.expectedBody = framing.length;
        break;
    case Kind::Chunked:
        same = m_lib.isChunked();
        m_state.phase = Phase::Chunked;
        m_collector.beginSection(); // the trailers
        break;
    case Kind::UntilEof:
        same = !m_lib.isChunked() && !m_lib.hasContentLength() && !m_lib.hasTransferEncoding();
        m_state.phase = Phase::UntilEof;
        break;
    }
    if (!same)
        return HttpParseError{400, u"ambiguous message: llhttp and the framing rules disagree on "
                                   u"the body length"_s};
    m_lib.setBodyVerdict(kind == Kind::None, m_state.upgradeAfter);
    return std::nullopt;
}

HttpLlhttp::Verdict HttpMessageHandler::body(QByteArrayView piece) {
    if (piece.isEmpty())
        return Verdict::Continue;
    m_state.bodyBytes += static_cast<quint64>(piece.size());
    if (m_state.phase == Phase::UntilEof && m_state.bodyBytes > m_limits.maxBodyBytes)
        return checked(HttpParseError{413, u"body too large"_s});
    if (m_listener->onBody(piece) == Action::Pause) {
        m_state.paused = true;
        return Verdict::Pause;
    }
    return Verdict::Continue;
}

std::optional<HttpParseError> HttpMessageHandler::messageEnd(qint64 end) {
    if (m_state.phase == Phase::Chunked) {
        if (Check refused = m_tracker.sectionEnd(end))
            return refused;
        const HttpHeaders trailers = m_collector.takeFields();
        if (!trailers.isEmpty())
            m_listener->onTrailers(trailers);
    } else if (m_state.phase == Phase::Length && m_state.bodyBytes != m_state.expectedBody) {
        return HttpParseError{500, u"llhttp ended a body early"_s};
    }
    pauseIf(m_listener->onMessageComplete());
    return std::nullopt;
}

} // namespace pc
