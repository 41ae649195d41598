#include "http/httpparserengine.h"

#include "http/httplogging.h"

#include <algorithm>

namespace pc {

using namespace Qt::StringLiterals;

HttpParserEngine::HttpParserEngine(HttpParser::Mode mode, HttpParserListener *listener,
                                   const HttpLimits &limits)
    : m_mode(mode)
    , m_head(mode == HttpParser::Mode::Request ? HttpHeadScanner::Kind::Request
                                               : HttpHeadScanner::Kind::Response,
             limits)
    , m_chunks(limits)
    , m_handler(mode, listener, limits, m_state, m_head, m_chunks)
    , m_lib(mode == HttpParser::Mode::Request ? HttpLibParser::Kind::Request
                                              : HttpLibParser::Kind::Response,
            &m_handler) {
    m_handler.setLibParser(&m_lib);
    reset();
}

HttpParserEngine::~HttpParserEngine() = default;

void HttpParserEngine::reset() {
    if (m_executing) {
        qCWarning(lcHttp) << "HttpParser::reset() called from a listener callback: ignored";
        return;
    }
    m_lib.reset();
    m_state = HttpParserState{};
    m_owed.clear();
    m_error.reset();
    startHead();
}

void HttpParserEngine::startHead() {
    m_state.startMessage();
    m_head.reset();
    m_handler.startMessage();
}

Expected<qsizetype, HttpParseError> HttpParserEngine::feed(QByteArrayView data) {
    if (m_executing)
        return fail({500, u"HttpParser::feed() called from a listener callback"_s});
    if (m_state.phase == Phase::Failed)
        return unexpected(*m_error);
    qsizetype pos = 0;
    while (pos < data.size() && !m_state.paused && isReading()) {
        const char *p = data.data() + pos;
        const qsizetype avail = data.size() - pos;
        const Phase stepPhase = m_state.phase;
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
        if (m_state.phase == Phase::Failed)
            return unexpected(*m_error);
        if (refused)
            return fail(refused->error);
        if (replay)
            m_owed.remove(0, consumed);
        else if (consumed < step && (stepPhase == Phase::Head || stepPhase == Phase::Chunked))
            m_owed = QByteArray(p + consumed, step - consumed);
        if (!replay && stepPhase == Phase::Length)
            m_state.remaining -= static_cast<quint64>(consumed);
        pos += consumed;
        if (stepPhase == Phase::Head && !replay && consumed == step && m_head.isDone() &&
            !m_state.headSeen) {
            return fail({400, u"ambiguous message: parsers disagree on the end of the head"_s});
        }
        if (m_state.messageComplete)
            endMessage();
        else if (consumed == 0 && !m_state.paused)
            return fail({500, u"HTTP parser made no progress"_s});
    }
    return pos;
}

Expected<qsizetype, HttpScanFailure> HttpParserEngine::scanStep(const char *data, qsizetype len) {
    switch (m_state.phase) {
    case Phase::Head:
        return m_head.scan(data, len);
    case Phase::Length:
        return static_cast<qsizetype>(
            std::min<quint64>(m_state.remaining, static_cast<quint64>(len)));
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
        fail(m_state.callbackError ? *m_state.callbackError : done.error());
        return 0;
    }
    return *done;
}

Expected<bool, HttpParseError> HttpParserEngine::finish() {
    if (m_executing)
        return fail({500, u"HttpParser::finish() called from a listener callback"_s});
    switch (m_state.phase) {
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
        if (m_state.phase == Phase::Failed)
            return unexpected(*m_error);
        if (!m_state.messageComplete)
            return fail({500, u"HTTP parser did not end the body at EOF"_s});
        endMessage();
        return true;
    default:
        return fail({400, u"connection closed in the middle of a message body"_s});
    }
}

void HttpParserEngine::endMessage() {
    m_state.messageComplete = false;
    if (m_state.upgradeAfter)
        m_state.phase = Phase::Upgraded;
    else if (m_state.closeAfter)
        m_state.phase = Phase::Closed;
    else
        startHead();
}

Unexpected<HttpParseError> HttpParserEngine::fail(HttpParseError error) {
    if (m_state.phase == Phase::Failed)
        return unexpected(*m_error); // the first refusal is the one that counts
    if (m_mode == HttpParser::Mode::Response) {
        error.status = 502;
        error.message = u"invalid response: "_s + error.message;
    }
    qCDebug(lcHttp).noquote() << "refused:" << error.status << error.message;
    m_state.phase = Phase::Failed;
    m_owed.clear();
    m_error = error;
    return unexpected(std::move(error));
}

bool HttpParserEngine::isReading() const {
    return m_state.phase == Phase::Head || m_state.phase == Phase::Length ||
           m_state.phase == Phase::Chunked || m_state.phase == Phase::UntilEof;
}

bool HttpParserEngine::isPaused() const {
    return m_state.paused;
}

void HttpParserEngine::resume() {
    m_state.paused = false;
}

void HttpParserEngine::pushRequestMethod(QByteArray method) {
    m_state.requestMethods.append(std::move(method));
}

qsizetype HttpParserEngine::pendingRequestMethods() const {
    return m_state.requestMethods.size();
}

HttpParser::Mode HttpParserEngine::mode() const {
    return m_mode;
}

HttpParser::State HttpParserEngine::state() const {
    switch (m_state.phase) {
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
