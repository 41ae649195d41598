#include "http/httpheadscanner.h"

#include "http/httpsyntax.h"

namespace pc {

using namespace httpsyntax;

namespace {

// RFC 9112 §2.2: a server SHOULD ignore at least one empty line before the request
// line. We ignore a few (some clients send CRLF after a POST body), not an unbounded run.
constexpr qsizetype MaxLeadingBytes = 8;
constexpr char Http[] = "HTTP/";

} // namespace

HttpHeadScanner::HttpHeadScanner(Kind kind, const HttpLimits &limits)
    : m_kind(kind)
    , m_limits(limits)
    , m_state(State::Leading) {
    reset();
}

void HttpHeadScanner::reset() {
    m_state = m_kind == Kind::Trailers ? State::LineStart : State::Leading;
    m_leadingBytes = 0;
    m_lineBytes = 0;
    m_headerBytes = 0;
    m_fields = 0;
    m_versionPos = 0;
    m_versionMajor = 1;
    m_versionMinor = 1;
    m_startToken.clear();
}

bool HttpHeadScanner::isDone() const {
    return m_state == State::Done;
}

bool HttpHeadScanner::hasStarted() const {
    return m_state != State::Leading && !(m_kind == Kind::Trailers && m_state == State::LineStart);
}

qsizetype HttpHeadScanner::fieldCount() const {
    return m_fields;
}

const QByteArray &HttpHeadScanner::startToken() const {
    return m_startToken;
}

int HttpHeadScanner::versionMinor() const {
    return m_versionMinor;
}

HttpScanResult HttpHeadScanner::scan(const char *data, qsizetype len) {
    for (qsizetype i = 0; i < len && m_state != State::Done; ++i) {
        const char c = data[i];
        Step refused;
        switch (m_state) {
        case State::Leading:
        case State::LeadingLf:
            refused = leadingByte(c);
            break;
        case State::Method:
        case State::Target:
        case State::RequestVersion:
            refused = requestLineByte(c);
            break;
        case State::ResponseVersion:
        case State::Status:
        case State::AfterStatus:
        case State::Reason:
            refused = statusLineByte(c);
            break;
        case State::StartLineLf:
            if (c != '\n')
                refused = Refusal{400, "bare CR in the start line (CRLF required)"};
            else
                m_state = State::LineStart;
            break;
        default:
            refused = headerByte(c);
            break;
        }
        if (refused) {
            return unexpected(HttpScanFailure{
                i, HttpParseError{refused->status, QString::fromLatin1(refused->message)}});
        }
        if (m_state == State::Done)
            return i + 1;
    }
    return len;
}

HttpHeadScanner::Step HttpHeadScanner::leadingByte(char c) {
    if (m_state == State::LeadingLf) {
        if (c != '\n')
            return Refusal{400, "bare CR before the start line (CRLF required)"};
        m_leadingBytes += 2;
        if (m_leadingBytes > MaxLeadingBytes)
            return Refusal{400, "too many empty lines before the start line"};
        m_state = State::Leading;
        return {};
    }
    if (c == '\r') {
        m_state = State::LeadingLf;
        return {};
    }
    if (c == '\n')
        return Refusal{400, "bare LF before the start line (CRLF required)"};
    m_state = m_kind == Kind::Request ? State::Method : State::ResponseVersion;
    return m_kind == Kind::Request ? requestLineByte(c) : statusLineByte(c);
}

bool HttpHeadScanner::versionCharOk(char c) {
    const int pos = m_versionPos++;
    if (pos < 5)
        return c == Http[pos];
    if (pos == 5 || pos == 7) {
        if (!isDigit(c))
            return false;
        if (pos == 5)
            m_versionMajor = c - '0';
        else
            m_versionMinor = c - '0';
        return true;
    }
    return pos == 6 && c == '.';
}

HttpHeadScanner::Step HttpHeadScanner::versionEnd() {
    if (m_versionPos != 8)
        return Refusal{400, "malformed HTTP version"};
    if (m_versionMajor != 1 || (m_versionMinor != 0 && m_versionMinor != 1))
        return Refusal{505, "HTTP version not supported (only HTTP/1.0 and HTTP/1.1)"};
    return {};
}

HttpHeadScanner::Step HttpHeadScanner::requestLineByte(char c) {
    if (c == '\n')
        return Refusal{400, "bare LF in the request line (CRLF required)"};
    if (c != '\r' && ++m_lineBytes > m_limits.maxStartLineBytes)
        return Refusal{414, "request line too long"};
    switch (m_state) {
    case State::Method:
        if (c == ' ' && !m_startToken.isEmpty()) {
            m_state = State::Target;
            return {};
        }
        if (!isTchar(c))
            return Refusal{400, "invalid character in the request method"};
        m_startToken.append(c);
        return {};
    case State::Target:
        if (c == ' ') {
            // method SP target SP: the target is empty when only the method and two
            // spaces were counted
            if (m_lineBytes == m_startToken.size() + 2)
                return Refusal{400, "empty request target or extra whitespace in the request line"};
            m_state = State::RequestVersion;
            return {};
        }
        if (!isVchar(c))
            return Refusal{400, "invalid character in the request target"};
        return {};
    default: // RequestVersion
        if (c == '\r') {
            if (Step refused = versionEnd())
                return refused;
            m_state = State::StartLineLf;
            return {};
        }
        if (!versionCharOk(c))
            return Refusal{400, "malformed HTTP version"};
        return {};
    }
}

HttpHeadScanner::Step HttpHeadScanner::statusLineByte(char c) {
    if (c == '\n')
        return Refusal{400, "bare LF in the status line (CRLF required)"};
    if (c != '\r' && ++m_lineBytes > m_limits.maxStartLineBytes)
        return Refusal{400, "status line too long"};
    switch (m_state) {
    case State::ResponseVersion:
        if (m_versionPos == 8) {
            if (c != ' ')
                return Refusal{400, "malformed HTTP version"};
            if (Step refused = versionEnd())
                return refused;
            m_state = State::Status;
            return {};
        }
        if (!versionCharOk(c))
            return Refusal{400, "malformed HTTP version"};
        return {};
    case State::Status:
        if (!isDigit(c))
            return Refusal{400, "invalid status code"};
        // RFC 9110 §15: valid status codes are 100..599
        if (m_startToken.isEmpty() && (c < '1' || c > '5'))
            return Refusal{400, "invalid status code"};
        m_startToken.append(c);
        if (m_startToken.size() == 3)
            m_state = State::AfterStatus;
        return {};
    case State::AfterStatus:
        if (c == ' ')
            m_state = State::Reason;
        else if (c == '\r')
            m_state = State::StartLineLf;
        else
            return Refusal{400, "invalid status code"};
        return {};
    default: // Reason
        if (c == '\r')
            m_state = State::StartLineLf;
        else if (!isFieldValueChar(c))
            return Refusal{400, "invalid character in the reason phrase"};
        return {};
    }
}

HttpHeadScanner::Step HttpHeadScanner::headerByte(char c) {
    if (m_state == State::FinalLf) {
        if (c != '\n')
            return Refusal{400, "bare CR in the header section (CRLF required)"};
        m_state = State::Done;
        return {};
    }
    if (m_state == State::LineStart && c == '\r') {
        m_state = State::FinalLf;
        return {};
    }
    if (++m_headerBytes > m_limits.maxHeaderBytes)
        return Refusal{431, "header section too large"};
    if (c == '\n' && m_state != State::ValueLf)
        return Refusal{400, "bare LF in the header section (CRLF required)"};
    switch (m_state) {
    case State::LineStart:
        if (isOws(c))
            return Refusal{400, "obsolete line folding or whitespace before a header field"};
        if (!isTchar(c))
            return Refusal{400, "invalid character in a header field name"};
        if (++m_fields > m_limits.maxHeaderCount)
            return Refusal{431, "too many header fields"};
        m_state = State::Name;
        return {};
    case State::Name:
        if (c == ':')
            m_state = State::Value;
        else if (isOws(c))
            return Refusal{400, "whitespace between a header field name and the colon"};
        else if (c == '\r')
            return Refusal{400, "header line without a colon"};
        else if (!isTchar(c))
            return Refusal{400, "invalid character in a header field name"};
        return {};
    case State::Value:
        if (c == '\r')
            m_state = State::ValueLf;
        else if (c == '\0')
            return Refusal{400, "NUL byte in a header field value"};
        else if (!isFieldValueChar(c))
            return Refusal{400, "control character in a header field value"};
        return {};
    default: // ValueLf
        if (c != '\n')
            return Refusal{400, "bare CR in a header field (CRLF required)"};
        m_state = State::LineStart;
        return {};
    }
}

} // namespace pc
