#include "http/httpparserengine.h"

#include "http/httpllhttperror.h"
#include "http/httplogging.h"

namespace pc {

using namespace Qt::StringLiterals;
using Pending = HttpParserState::Pending;
using Status = HttpLlhttp::Result::Status;

namespace {

// RFC 9112 §2.2: a server SHOULD ignore at least one empty line before the request
// line. We ignore a few (some clients send CRLF after a POST body), not an unbounded run.
constexpr qsizetype MaxLeadingBytes = 8;

} // namespace

HttpParserEngine::HttpParserEngine(HttpParser::Mode mode, HttpParserListener *listener,
                                   const HttpLimits &limits)
    : m_mode(mode)
    , m_lib(mode == HttpParser::Mode::Request ? HttpLlhttp::Kind::Request
                                              : HttpLlhttp::Kind::Response,
            &m_handler)
    , m_handler(mode, listener, limits, m_state, m_window, m_lib)
    , m_chunkLine(limits) {
    reset();
}

HttpParserEngine::~HttpParserEngine() = default;

void HttpParserEngine::reset() {
    if (m_executing) {
        qCWarning(lcHttp) << "HttpParser::reset() called from a listener callback: ignored";
        return;
    }
    m_state = HttpParserState{};
    m_window.reset();
    m_owed.clear();
    m_deferred.reset();
    m_error.reset();
    startMessage();
}

void HttpParserEngine::startMessage() {
    m_state.startMessage();
    m_lib.reset();
    m_handler.startMessage();
    m_chunkLine.reset();
}

Expected<qsizetype, HttpParseError> HttpParserEngine::feed(QByteArrayView data) {
    if (m_executing)
        return fail({500, u"HttpParser::feed() called from a listener callback"_s});
    if (m_state.phase == Phase::Failed)
        return unexpected(*m_error);
    if (m_deferred && !data.isEmpty())
        return failDeferred(static_cast<unsigned char>(data[0]));
    m_executing = true;
    qsizetype pos = 0;
    while (pos < data.size() && !m_state.paused && isReading() && !m_deferred) {
        const char *p = data.data() + pos;
        m_window.begin(p, data.size() - pos);
        const Phase before = m_state.phase;
        const bool chunkLineBefore = m_chunkLine.isActive();
        const qsizetype consumed = step(p, data.size() - pos);
        if (m_state.phase == Phase::Failed)
            break;
        m_window.consume(consumed);
        pos += consumed;
        if (consumed == 0 && !m_state.paused && before == m_state.phase &&
            chunkLineBefore == m_chunkLine.isActive() && isReading()) {
            fail({500, u"HTTP parser made no progress"_s});
            break;
        }
    }
    m_executing = false;
    if (m_state.phase == Phase::Failed)
        return unexpected(*m_error);
    return pos;
}

qsizetype HttpParserEngine::step(const char *data, qsizetype len) {
    if (!m_owed.isEmpty()) {
        const qsizetype n = std::min(len, m_owed.size());
        if (QByteArrayView(data, n) != QByteArrayView(m_owed).first(n)) {
            fail({500, u"bytes fed after a pause differ from the unconsumed ones"_s});
            return 0;
        }
        m_owed.remove(0, n);
        // llhttp may have work left that needs no input (e.g. ending a message).
        return m_owed.isEmpty() && m_state.phase != Phase::Head ? n + execute(data + n, 0) : n;
    }
    if (m_state.phase == Phase::Head && !m_state.begun) {
        const qsizetype skipped = leadingLines(data, len);
        if (skipped > 0 || !m_state.begun)
            return skipped;
    }
    if (m_chunkLine.isActive())
        return chunkLine(data, len);
    return execute(data, len);
}

qsizetype HttpParserEngine::leadingLines(const char *data, qsizetype len) {
    qsizetype i = 0;
    for (; i < len; ++i) {
        const char c = data[i];
        if (m_state.leadingCr) {
            if (c != '\n') {
                fail({400, u"bare CR before the start line (CRLF required)"_s});
                return 0;
            }
            m_state.leadingCr = false;
            m_state.leadingBytes += 2;
            if (m_state.leadingBytes > MaxLeadingBytes) {
                fail({400, u"too many empty lines before the start line"_s});
                return 0;
            }
        } else if (c == '\r') {
            m_state.leadingCr = true;
        } else if (c == '\n') {
            fail({400, u"bare LF before the start line (CRLF required)"_s});
            return 0;
        } else {
            m_state.begun = true;
            break;
        }
    }
    return i;
}

qsizetype HttpParserEngine::chunkLine(const char *data, qsizetype len) {
    const HttpChunkLine::Step s = m_chunkLine.scan(data, len);
    if (s.error) {
        // llhttp gets the bytes before the offending one, so that a fault it finds
        // there comes first (it cannot: they are size digits).
        fail(*s.error);
        return 0;
    }
    if (!m_chunkLine.isActive() && m_chunkLine.wasLastChunk())
        m_handler.startTrailers();
    if (s.digits > 0)
        return execute(data, s.digits);
    return s.skipped;
}

qsizetype HttpParserEngine::execute(const char *data, qsizetype len) {
    const HttpLlhttp::Result r = m_lib.execute(data, len);
    if (r.status == Status::Failed) {
        refused(data, len, r);
        return m_deferred ? len : 0;
    }
    m_handler.afterStep(m_window.offsetOf(data + r.consumed));
    if (r.status == Status::Paused)
        return paused(data, r.consumed);
    return r.consumed;
}

void HttpParserEngine::refused(const char *data, qsizetype len, const HttpLlhttp::Result &r) {
    if (!m_state.callbackError)
        m_handler.pendingChecks();
    if (!m_state.callbackError && !HttpLlhttp::isCallbackError(r.code)) {
        // The offending byte may sit in a span (a header value, say) whose earlier
        // bytes the handler has not seen yet: it may find a fault there first.
        m_lib.flushSpan(data, r.consumed);
    }
    if (m_state.callbackError) {
        fail(*m_state.callbackError);
        return;
    }
    const int previous = m_window.byteAt(m_window.offsetOf(data + r.consumed) - 1);
    if (r.consumed >= len) {
        // llhttp refused at the end of the slice: how to word it may depend on the
        // next byte, so the refusal waits for it (or for finish()), whatever the slicing.
        m_deferred = DeferredError{r.code, r.reason, previous};
        return;
    }
    fail(HttpLlhttpError::describe(r.code, r.reason, static_cast<unsigned char>(data[r.consumed]),
                                   previous));
}

qsizetype HttpParserEngine::paused(const char *data, qsizetype consumed) {
    const Pending pending = std::exchange(m_state.pending, Pending::None);
    const qint64 end = m_window.offsetOf(data + consumed);
    std::optional<HttpParseError> refusal;
    switch (pending) {
    case Pending::None: // the listener paused in onBody
        return owe(data, consumed);
    case Pending::StatusLine:
        refusal = m_handler.statusLineEnd(end);
        break;
    case Pending::Head:
        refusal = m_handler.headEnd(end);
        if (!refusal && m_state.phase == Phase::Chunked)
            m_chunkLine.begin(0);
        if (!refusal && m_state.paused)
            return owe(data, consumed);
        if (!refusal) {
            m_lib.resume();
            return consumed + execute(data + consumed, 0); // e.g. the end of a bodiless message
        }
        break;
    case Pending::ChunkEnd:
        m_chunkLine.begin(m_chunkLine.bodyBytes());
        break;
    case Pending::MessageEnd:
        refusal = m_handler.messageEnd(end);
        if (!refusal)
            endMessage();
        return refusal ? (fail(*refusal), 0) : consumed;
    }
    if (refusal) {
        fail(*refusal);
        return 0;
    }
    m_lib.resume();
    return consumed;
}

Unexpected<HttpParseError> HttpParserEngine::failDeferred(int byte) {
    const DeferredError d = *std::exchange(m_deferred, std::nullopt);
    return fail(HttpLlhttpError::describe(d.code, d.reason, byte, d.previous));
}

qsizetype HttpParserEngine::owe(const char *data, qsizetype consumed) {
    // The listener paused: the last byte llhttp consumed stays unreported, so the
    // caller feeds it again after resume() and llhttp then goes on with whatever
    // follows the event without input (ending a message, say).
    m_owed = QByteArray(data + consumed - 1, 1);
    m_lib.resume();
    return consumed - 1;
}

Expected<bool, HttpParseError> HttpParserEngine::finish() {
    if (m_executing)
        return fail({500, u"HttpParser::finish() called from a listener callback"_s});
    if (m_deferred)
        return failDeferred(-1);
    switch (m_state.phase) {
    case Phase::Failed:
        return unexpected(*m_error);
    case Phase::Upgraded:
    case Phase::Closed:
        return false;
    case Phase::Head:
        // A check that waited for the byte after a span (the request line's end, say) has
        // it by now even if no later event came to run it: the same refusal as when
        // that byte arrives with more input (fuzz_http: slicing never changes the error).
        m_handler.pendingChecks();
        if (m_state.callbackError)
            return fail(*std::exchange(m_state.callbackError, std::nullopt));
        if (!m_state.begun && !m_state.leadingCr && m_owed.isEmpty())
            return false;
        return fail({400, u"connection closed before the end of a message head"_s});
    case Phase::UntilEof: {
        m_executing = true;
        const HttpLlhttp::Result r = m_lib.finish();
        std::optional<HttpParseError> refusal;
        if (r.status != Status::Paused || m_state.pending != Pending::MessageEnd)
            refusal = HttpParseError{500, u"llhttp did not end the body at EOF"_s};
        else
            refusal = m_handler.messageEnd(m_window.base());
        m_state.pending = Pending::None;
        m_executing = false;
        if (refusal)
            return fail(*refusal);
        endMessage();
        return true;
    }
    default:
        return fail({400, u"connection closed in the middle of a message body"_s});
    }
}

void HttpParserEngine::endMessage() {
    if (m_state.upgradeAfter)
        m_state.phase = Phase::Upgraded;
    else if (m_state.closeAfter)
        m_state.phase = Phase::Closed;
    else
        startMessage();
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
