#include "http/httpchunkline.h"

#include "http/httpsyntax.h"

#include <algorithm>

namespace pc {

using namespace httpsyntax;

namespace {

// 15 hex digits: chunk sizes below 2^60, far beyond any real body and far from
// overflowing 64-bit counters.
constexpr int MaxSizeDigits = 15;

HttpParseError refuse(int status, const char *message) {
    return HttpParseError{status, QString::fromLatin1(message)};
}

HttpParseError badExtension() {
    return refuse(400, "invalid chunk extension");
}

bool isQdtext(char c) {
    return c == '\t' || c == ' ' || c == 0x21 || (c >= 0x23 && c <= 0x5B) ||
           (c >= 0x5D && c <= 0x7E) || isObsText(c);
}

} // namespace

HttpChunkLine::HttpChunkLine(const HttpLimits &limits)
    : m_limits(limits) {}

void HttpChunkLine::begin(quint64 bodySoFar) {
    m_state = State::Size;
    m_lineBytes = 0;
    m_sizeDigits = 0;
    m_sawDigit = false;
    m_size = 0;
    m_total = bodySoFar;
}

void HttpChunkLine::reset() {
    m_state = State::Off;
    m_sawDigit = false;
    m_size = 0;
    m_total = 0;
}

bool HttpChunkLine::isActive() const {
    return m_state != State::Off;
}

bool HttpChunkLine::wasLastChunk() const {
    return m_state == State::Off && m_sawDigit && m_size == 0;
}

quint64 HttpChunkLine::bodyBytes() const {
    return m_total;
}

HttpChunkLine::Step HttpChunkLine::scan(const char *data, qsizetype len) {
    Step step;
    qsizetype i = 0;
    if (m_state == State::Size) {
        while (i < len && hexValue(data[i]) >= 0) {
            if ((step.error = sizeByte(data[i]))) {
                step.errorOffset = i;
                return step;
            }
            ++i;
        }
        if (i > 0 || len == 0) {
            step.digits = i;
            return step;
        }
    }
    for (; i < len && m_state != State::Off; ++i) {
        const char c = data[i];
        if (c == '\r') {
            step.error = endOfLine();
        } else if (c == '\n') {
            step.error = refuse(400, "bare LF in a chunk-size line (CRLF required)");
        } else if (!(step.error = countByte())) {
            step.error = extensionByte(c);
        }
        if (step.error) {
            step.errorOffset = i;
            return step;
        }
        if (m_state == State::Off)
            break; // the CR is llhttp's
    }
    step.skipped = i;
    return step;
}

std::optional<HttpParseError> HttpChunkLine::countByte() {
    if (++m_lineBytes > m_limits.maxChunkLineBytes)
        return refuse(400, "chunk-size line or chunk extensions too long");
    return std::nullopt;
}

std::optional<HttpParseError> HttpChunkLine::sizeByte(char c) {
    if (std::optional<HttpParseError> tooLong = countByte())
        return tooLong;
    const int digit = hexValue(c);
    m_sawDigit = true;
    if (m_sizeDigits > 0 || digit != 0)
        ++m_sizeDigits;
    if (m_sizeDigits > MaxSizeDigits)
        return refuse(400, "chunk size too large");
    m_size = m_size * 16 + static_cast<quint64>(digit);
    return std::nullopt;
}

std::optional<HttpParseError> HttpChunkLine::extensionByte(char c) {
    switch (m_state) {
    case State::Size:
        if (!m_sawDigit)
            return refuse(400, "invalid chunk size");
        if (c == ';')
            m_state = State::ExtNameBws;
        else if (isOws(c))
            m_state = State::SizeBws;
        else
            return refuse(400, "invalid chunk size");
        return std::nullopt;
    case State::SizeBws:
    case State::ExtNameEnd:
    case State::ExtValueEnd:
    case State::ExtTrailingBws:
        if (c == ';')
            m_state = State::ExtNameBws;
        else if (c == '=' && m_state == State::ExtNameEnd)
            m_state = State::ExtValueBws;
        else if (isOws(c) && m_state == State::ExtValueEnd)
            m_state = State::ExtTrailingBws;
        else if (!isOws(c))
            return badExtension();
        return std::nullopt;
    case State::ExtNameBws:
        if (isTchar(c))
            m_state = State::ExtName;
        else if (!isOws(c))
            return badExtension();
        return std::nullopt;
    case State::ExtName:
    case State::ExtToken:
        if (c == ';')
            m_state = State::ExtNameBws;
        else if (c == '=' && m_state == State::ExtName)
            m_state = State::ExtValueBws;
        else if (isOws(c))
            m_state = m_state == State::ExtName ? State::ExtNameEnd : State::ExtTrailingBws;
        else if (!isTchar(c))
            return badExtension();
        return std::nullopt;
    case State::ExtValueBws:
        if (c == '"')
            m_state = State::ExtQuoted;
        else if (isTchar(c))
            m_state = State::ExtToken;
        else if (!isOws(c))
            return badExtension();
        return std::nullopt;
    case State::ExtQuoted:
        if (c == '"')
            m_state = State::ExtValueEnd;
        else if (c == '\\')
            m_state = State::ExtQuotedPair;
        else if (!isQdtext(c))
            return badExtension();
        return std::nullopt;
    default: // ExtQuotedPair
        if (!isFieldValueChar(c))
            return badExtension();
        m_state = State::ExtQuoted;
        return std::nullopt;
    }
}

std::optional<HttpParseError> HttpChunkLine::endOfLine() {
    // A line may end after the size, an extension name or value; not inside a quoted
    // string, after "=" or ";", or after whitespace (BWS only precedes ";" / "=").
    switch (m_state) {
    case State::Size:
        if (!m_sawDigit)
            return refuse(400, "invalid chunk size");
        break;
    case State::ExtName:
    case State::ExtToken:
    case State::ExtValueEnd:
        break;
    default:
        return badExtension();
    }
    if (m_size > m_limits.maxBodyBytes - std::min(m_total, m_limits.maxBodyBytes))
        return refuse(413, "body too large");
    m_total += m_size;
    m_state = State::Off;
    return std::nullopt;
}

} // namespace pc
