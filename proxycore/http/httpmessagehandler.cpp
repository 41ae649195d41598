#include "http/httpmessagehandler.h"

#include "http/httpheadassembler.h"

namespace pc {

using namespace Qt::StringLiterals;
using Action = HttpParserListener::Action;
using BodyVerdict = HttpLibParser::BodyVerdict;
using Kind = HttpBodyFraming::Kind;
using Phase = HttpParserState::Phase;

HttpMessageHandler::HttpMessageHandler(HttpParser::Mode mode, HttpParserListener *listener,
                                       const HttpLimits &limits, HttpParserState &state,
                                       const HttpHeadScanner &head, HttpChunkScanner &chunks)
    : m_mode(mode)
    , m_listener(listener)
    , m_limits(limits)
    , m_state(state)
    , m_head(head)
    , m_chunks(chunks) {}

void HttpMessageHandler::setLibParser(HttpLibParser *lib) {
    m_lib = lib;
}

void HttpMessageHandler::startMessage() {
    m_collector.reset();
}

bool HttpMessageHandler::refuse(HttpParseError error) {
    m_state.callbackError = std::move(error);
    return false;
}

void HttpMessageHandler::pauseIf(Action action) {
    if (action == Action::Pause) {
        m_state.paused = true;
        m_lib->pause();
    }
}

bool HttpMessageHandler::onUrl(QByteArrayView piece) {
    m_collector.appendTarget(piece);
    return true;
}

bool HttpMessageHandler::onStatus(QByteArrayView piece) {
    m_collector.appendReason(piece);
    return true;
}

bool HttpMessageHandler::onHeaderField(QByteArrayView piece) {
    m_collector.appendFieldName(piece);
    return true;
}

bool HttpMessageHandler::onHeaderValue(QByteArrayView piece) {
    m_collector.appendFieldValue(piece);
    return true;
}

BodyVerdict HttpMessageHandler::onHeadersComplete() {
    if (m_state.phase == Phase::Failed) // e.g. the listener misused the parser
        return BodyVerdict::Refuse;
    m_state.headSeen = true;
    return m_mode == HttpParser::Mode::Request ? requestHeadComplete() : responseHeadComplete();
}

BodyVerdict HttpMessageHandler::requestHeadComplete() {
    Expected<HttpRequestHead, HttpParseError> head =
        HttpHeadAssembler::request(m_head, m_collector, *m_lib, m_limits);
    if (!head) {
        refuse(head.error());
        return BodyVerdict::Refuse;
    }
    m_state.upgradeAfter = HttpHeadAssembler::opensTunnel(*head);
    m_state.closeAfter = !head->keepAlive();
    beginBody(head->framing);
    return bodyVerdict(m_listener->onRequestHead(*head));
}

BodyVerdict HttpMessageHandler::responseHeadComplete() {
    // Interim responses answer the same request as the final one that follows.
    QByteArray method = QByteArrayLiteral("GET");
    const int status = m_lib->statusCode();
    const bool interim = status >= 100 && status < 200 && status != 101;
    if (!m_state.requestMethods.isEmpty())
        method = interim ? m_state.requestMethods.first() : m_state.requestMethods.takeFirst();
    Expected<HttpResponseHead, HttpParseError> head =
        HttpHeadAssembler::response(m_head, m_collector, *m_lib, method, m_limits);
    if (!head) {
        refuse(head.error());
        return BodyVerdict::Refuse;
    }
    m_state.upgradeAfter = HttpHeadAssembler::opensTunnel(*head, method);
    m_state.closeAfter = !interim && !head->keepAlive();
    beginBody(head->framing);
    return bodyVerdict(m_listener->onResponseHead(*head));
}

BodyVerdict HttpMessageHandler::bodyVerdict(Action action) {
    pauseIf(action);
    if (m_state.upgradeAfter)
        return BodyVerdict::Upgrade;
    const bool noBody = m_state.phase == Phase::Length && m_state.expectedBody == 0;
    return noBody ? BodyVerdict::Skip : BodyVerdict::Parse;
}

void HttpMessageHandler::beginBody(const HttpBodyFraming &framing) {
    m_state.bodyBytes = 0;
    m_state.remaining = 0;
    m_state.expectedBody = 0;
    switch (m_state.upgradeAfter ? Kind::None : framing.kind) {
    case Kind::None:
        m_state.phase = Phase::Length;
        break;
    case Kind::Length:
        m_state.phase = Phase::Length;
        m_state.remaining = m_state.expectedBody = framing.length;
        break;
    case Kind::Chunked:
        m_state.phase = Phase::Chunked;
        m_chunks.reset();
        m_collector.beginSection(); // the trailers
        break;
    case Kind::UntilEof:
        m_state.phase = Phase::UntilEof;
        break;
    }
}

bool HttpMessageHandler::onBody(QByteArrayView piece) {
    if (m_state.phase == Phase::Failed)
        return false;
    m_state.bodyBytes += static_cast<quint64>(piece.size());
    if (m_state.phase == Phase::UntilEof && m_state.bodyBytes > m_limits.maxBodyBytes)
        return refuse({413, u"body too large"_s});
    pauseIf(m_listener->onBody(piece));
    return true;
}

bool HttpMessageHandler::onMessageComplete() {
    if (m_state.phase == Phase::Failed)
        return false;
    if (m_state.phase == Phase::Chunked) {
        if (!m_chunks.isDone() || m_state.bodyBytes != m_chunks.bodyBytes())
            return refuse({400, u"ambiguous message: parsers disagree on the chunked body"_s});
        const HttpHeaders trailers = m_collector.takeFields();
        if (!trailers.isEmpty())
            m_listener->onTrailers(trailers);
    } else if (m_state.phase == Phase::Length && m_state.bodyBytes != m_state.expectedBody) {
        return refuse({400, u"ambiguous message: parsers disagree on the body length"_s});
    }
    m_state.messageComplete = true;
    if (m_listener->onMessageComplete() == Action::Pause)
        m_state.paused = true;
    m_lib->pause(); // return to feed() at every message boundary
    return true;
}

} // namespace pc
