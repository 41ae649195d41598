#include "http/httpparserengine.h"

#include "http/httplogging.h"

#include <algorithm>

namespace pc {

using namespace Qt::StringLiterals;
using Action = HttpParserListener::Action;
using BodyVerdict = HttpLibParser::BodyVerdict;
using Kind = HttpBodyFraming::Kind;

HttpParserEngine::HttpParserEngine(HttpParser::Mode mode, HttpParserListener *listener,
                                   const HttpLimits &limits)
    : m_mode(mode)
    , m_lib(mode == HttpParser::Mode::Request ? HttpLibParser::Kind::Request
                                              : HttpLibParser::Kind::Response,
            this)
    , m_listener(listener)
    , m_limits(limits)
    , m_head(mode == HttpParser::Mode::Request ? HttpHeadScanner::Kind::Request
                                               : HttpHeadScanner::Kind::Response,
             limits)
    , m_chunks(limits) {
    reset();
}

HttpParserEngine::~HttpParserEngine() = default;

void HttpParserEngine::reset() {
    if (m_executing) {
        qCWarning(lcHttp) << "HttpParser::reset() called from a listener callback: ignored";
        return;
    }
    m_lib.reset();
    m_requestMethods.clear();
    m_owed.clear();
    m_paused = false;
    m_messageComplete = false;
    m_callbackError.reset();
    m_error.reset();
    startHead();
}

void HttpParserEngine::startHead() {
    m_phase = Phase::Head;
    m_head.reset();
    m_collector.reset();
    m_headSeen = false;
    m_upgradeAfter = false;
    m_closeAfter = false;
    m_bodyBytes = 0;
    m_remaining = 0;
    m_expectedBody = 0;
}

Expected<qsizetype, HttpParseError> HttpParserEngine::feed(QByteArrayView data) {
    if (m_executing)
        return fail({500, u"HttpParser::feed() called from a listener callback"_s});
    if (m_phase == Phase::Failed)
        return unexpected(*m_error);
    qsizetype pos = 0;
    while (pos < data.size() && !m_paused && isReading()) {
        const char *p = data.data() + pos;
        const qsizetype avail = data.size() - pos;
        const Phase stepPhase = m_phase;
        const bool replay = !m_owed.isEmpty();
        qsizetype step = 0;
        std::optional<HttpScanFailure> refused;
        if (replay) {
            step = std::min(avail, m_owed.size());
            if (QByteArrayView(p, step) != QByteArrayView(m_owed).first(step))
                return fail({500, u"bytes fed after a pause differ from the unconsumed ones"_s});
        } else if (Expected<qsizetype, HttpScanFailure> scanned = scanStep(p, avail)) {
            step = *scanned;
        } else {
            refused = scanned.error();
            step = refused->offset; // libhttp-parser gets the bytes before the offending one
        }
        const qsizetype consumed = step > 0 ? execute(p, step) : 0;
        if (m_phase == Phase::Failed)
            return unexpected(*m_error);
        if (refused)
            return fail(refused->error);
        if (replay)
            m_owed.remove(0, consumed);
        else if (consumed < step && (stepPhase == Phase::Head || stepPhase == Phase::Chunked))
            m_owed = QByteArray(p + consumed, step - consumed);
        if (!replay && stepPhase == Phase::Length)
            m_remaining -= static_cast<quint64>(consumed);
        pos += consumed;
        if (stepPhase == Phase::Head && !replay && consumed == step && m_head.isDone() &&
            !m_headSeen) {
            return fail({400, u"ambiguous message: parsers disagree on the end of the head"_s});
        }
        if (m_messageComplete)
            endMessage();
        else if (consumed == 0 && !m_paused)
            return fail({500, u"HTTP parser made no progress"_s});
    }
    return pos;
}

Expected<qsizetype, HttpScanFailure> HttpParserEngine::scanStep(const char *data, qsizetype len) {
    switch (m_phase) {
    case Phase::Head:
        return m_head.scan(data, len);
    case Phase::Length:
        return static_cast<qsizetype>(std::min<quint64>(m_remaining, static_cast<quint64>(len)));
    case Phase::Chunked:
        return m_chunks.scan(data, len);
    case Phase::UntilEof:
        return len;
    default:
        return 0;
    }
}

qsizetype HttpParserEngine::execute(const char *data, qsizetype len) {
    m_executing = true;
    const Expected<qsizetype, HttpParseError> done = m_lib.execute(data, len);
    m_executing = false;
    if (!done) {
        fail(m_callbackError ? *m_callbackError : done.error());
        return 0;
    }
    return *done;
}

Expected<bool, HttpParseError> HttpParserEngine::finish() {
    if (m_executing)
        return fail({500, u"HttpParser::finish() called from a listener callback"_s});
    switch (m_phase) {
    case Phase::Failed:
        return unexpected(*m_error);
    case Phase::Upgraded:
    case Phase::Closed:
        return false;
    case Phase::Head:
        if (m_owed.isEmpty() && !m_head.hasStarted())
            return false;
        return fail({400, u"connection closed before the end of a message head"_s});
    case Phase::UntilEof:
        execute(nullptr, 0);
        if (m_phase == Phase::Failed)
            return unexpected(*m_error);
        if (!m_messageComplete)
            return fail({500, u"HTTP parser did not end the body at EOF"_s});
        endMessage();
        return true;
    default:
        return fail({400, u"connection closed in the middle of a message body"_s});
    }
}

void HttpParserEngine::endMessage() {
    m_messageComplete = false;
    if (m_upgradeAfter)
        m_phase = Phase::Upgraded;
    else if (m_closeAfter)
        m_phase = Phase::Closed;
    else
        startHead();
}

Unexpected<HttpParseError> HttpParserEngine::fail(HttpParseError error) {
    if (m_mode == HttpParser::Mode::Response) {
        error.status = 502;
        error.message = u"invalid response: "_s + error.message;
    }
    qCDebug(lcHttp).noquote() << "refused:" << error.status << error.message;
    m_phase = Phase::Failed;
    m_owed.clear();
    m_error = error;
    return unexpected(std::move(error));
}

bool HttpParserEngine::refuse(HttpParseError error) {
    m_callbackError = std::move(error);
    return false;
}

bool HttpParserEngine::onUrl(QByteArrayView piece) {
    m_collector.appendTarget(piece);
    return true;
}

bool HttpParserEngine::onStatus(QByteArrayView piece) {
    m_collector.appendReason(piece);
    return true;
}

bool HttpParserEngine::onHeaderField(QByteArrayView piece) {
    m_collector.appendFieldName(piece);
    return true;
}

bool HttpParserEngine::onHeaderValue(QByteArrayView piece) {
    m_collector.appendFieldValue(piece);
    return true;
}

BodyVerdict HttpParserEngine::onHeadersComplete() {
    m_headSeen = true;
    return m_mode == HttpParser::Mode::Request ? requestHeadComplete() : responseHeadComplete();
}

BodyVerdict HttpParserEngine::requestHeadComplete() {
    Expected<HttpRequestHead, HttpParseError> head =
        HttpHeadAssembler::request(m_head, m_collector, m_lib, m_limits);
    if (!head) {
        refuse(head.error());
        return BodyVerdict::Refuse;
    }
    m_upgradeAfter = HttpHeadAssembler::opensTunnel(*head);
    m_closeAfter = !head->keepAlive();
    beginBody(head->framing);
    return bodyVerdict(m_listener->onRequestHead(*head));
}

BodyVerdict HttpParserEngine::responseHeadComplete() {
    QByteArray method = QByteArrayLiteral("GET");
    const int status = m_lib.statusCode();
    const bool interim = status >= 100 && status < 200 && status != 101;
    if (!m_requestMethods.isEmpty())
        method = interim ? m_requestMethods.first() : m_requestMethods.takeFirst();
    Expected<HttpResponseHead, HttpParseError> head =
        HttpHeadAssembler::response(m_head, m_collector, m_lib, method, m_limits);
    if (!head) {
        refuse(head.error());
        return BodyVerdict::Refuse;
    }
    m_upgradeAfter = HttpHeadAssembler::opensTunnel(*head, method);
    m_closeAfter = !interim && !head->keepAlive();
    beginBody(head->framing);
    return bodyVerdict(m_listener->onResponseHead(*head));
}

BodyVerdict HttpParserEngine::bodyVerdict(Action action) {
    if (action == Action::Pause) {
        m_paused = true;
        m_lib.pause();
    }
    if (m_upgradeAfter)
        return BodyVerdict::Upgrade;
    return m_phase == Phase::Length && m_expectedBody == 0 ? BodyVerdict::Skip : BodyVerdict::Parse;
}

void HttpParserEngine::beginBody(const HttpBodyFraming &framing) {
    m_bodyBytes = 0;
    m_remaining = 0;
    m_expectedBody = 0;
    switch (m_upgradeAfter ? Kind::None : framing.kind) {
    case Kind::None:
        m_phase = Phase::Length;
        break;
    case Kind::Length:
        m_phase = Phase::Length;
        m_remaining = m_expectedBody = framing.length;
        break;
    case Kind::Chunked:
        m_phase = Phase::Chunked;
        m_chunks.reset();
        m_collector.beginSection(); // the trailers
        break;
    case Kind::UntilEof:
        m_phase = Phase::UntilEof;
        break;
    }
}

bool HttpParserEngine::onBody(QByteArrayView piece) {
    m_bodyBytes += static_cast<quint64>(piece.size());
    if (m_phase == Phase::UntilEof && m_bodyBytes > m_limits.maxBodyBytes)
        return refuse({413, u"body too large"_s});
    if (m_listener->onBody(piece) == Action::Pause) {
        m_paused = true;
        m_lib.pause();
    }
    return true;
}

bool HttpParserEngine::onMessageComplete() {
    if (m_phase == Phase::Chunked) {
        if (!m_chunks.isDone() || m_bodyBytes != m_chunks.bodyBytes())
            return refuse({400, u"ambiguous message: parsers disagree on the chunked body"_s});
        const HttpHeaders trailers = m_collector.takeFields();
        if (!trailers.isEmpty())
            m_listener->onTrailers(trailers);
    } else if (m_phase == Phase::Length && m_bodyBytes != m_expectedBody) {
        return refuse({400, u"ambiguous message: parsers disagree on the body length"_s});
    }
    m_messageComplete = true;
    if (m_listener->onMessageComplete() == Action::Pause)
        m_paused = true;
    m_lib.pause(); // return to feed() at every message boundary
    return true;
}

bool HttpParserEngine::isReading() const {
    return m_phase == Phase::Head || m_phase == Phase::Length || m_phase == Phase::Chunked ||
           m_phase == Phase::UntilEof;
}

bool HttpParserEngine::isPaused() const {
    return m_paused;
}

void HttpParserEngine::resume() {
    m_paused = false;
}

void HttpParserEngine::pushRequestMethod(QByteArray method) {
    m_requestMethods.append(std::move(method));
}

qsizetype HttpParserEngine::pendingRequestMethods() const {
    return m_requestMethods.size();
}

HttpParser::Mode HttpParserEngine::mode() const {
    return m_mode;
}

HttpParser::State HttpParserEngine::state() const {
    switch (m_phase) {
    case Phase::Head:
        return HttpParser::State::Head;
    case Phase::Upgraded:
        return HttpParser::State::Upgraded;
    case Phase::Closed:
        return HttpParser::State::Closed;
    case Phase::Failed:
        return HttpParser::State::Failed;
    default:
        return HttpParser::State::Body;
    }
}

std::optional<HttpParseError> HttpParserEngine::error() const {
    return m_error;
}

} // namespace pc
