#include "http/httpchunkscanner.h"

#include "http/httpsyntax.h"

#include <algorithm>

namespace pc {

using namespace httpsyntax;

namespace {

// 15 hex digits: chunk sizes below 2^60, far beyond any real body and far from
// overflowing the 64-bit counters here and in libhttp-parser.
constexpr int MaxSizeDigits = 15;

bool isQdtext(char c) {
    return c == '\t' || c == ' ' || c == 0x21 || (c >= 0x23 && c <= 0x5B) ||
           (c >= 0x5D && c <= 0x7E) || isObsText(c);
}

} // namespace

HttpChunkScanner::HttpChunkScanner(const HttpLimits &limits)
    : m_limits(limits)
    , m_trailers(HttpHeadScanner::Kind::Trailers, limits) {}

void HttpChunkScanner::reset() {
    m_state = State::Size;
    m_lineBytes = 0;
    m_sizeDigits = 0;
    m_sawDigit = false;
    m_chunkSize = 0;
    m_remaining = 0;
    m_total = 0;
    m_trailers.reset();
}

bool HttpChunkScanner::isDone() const {
    return m_state == State::Done;
}

quint64 HttpChunkScanner::bodyBytes() const {
    return m_total;
}

HttpScanResult HttpChunkScanner::scan(const char *data, qsizetype len) {
    qsizetype i = 0;
    while (i < len && m_state != State::Done) {
        if (m_state == State::Data) {
            const auto n = static_cast<qsizetype>(
                std::min<quint64>(m_remaining, static_cast<quint64>(len - i)));
            i += n;
            m_remaining -= static_cast<quint64>(n);
            if (m_remaining != 0)
                return i;
            m_state = State::DataCr;
            return i; // one data run per step, at its end
        }
        if (m_state == State::Trailers) {
            HttpScanResult r = m_trailers.scan(data + i, len - i);
            if (!r) {
                HttpScanFailure failure = r.error();
                failure.offset += i;
                return unexpected(std::move(failure));
            }
            i += *r;
            if (m_trailers.isDone())
                m_state = State::Done;
            continue;
        }
        const char c = data[i];
        Step refused;
        switch (m_state) {
        case State::SizeLf:
            if (c != '\n')
                refused = Refusal{400, "bare CR in a chunk-size line (CRLF required)"};
            else if (m_chunkSize == 0)
                m_state = State::Trailers;
            else
                m_state = State::Data;
            break;
        case State::DataCr:
            if (c != '\r')
                refused = Refusal{400, "chunk data not followed by CRLF"};
            else
                m_state = State::DataLf;
            break;
        case State::DataLf:
            if (c != '\n') {
                refused = Refusal{400, "chunk data not followed by CRLF"};
            } else {
                m_state = State::Size;
                m_chunkSize = 0;
            }
            break;
        default:
            refused = sizeLineByte(c);
            break;
        }
        if (refused) {
            return unexpected(HttpScanFailure{
                i, HttpParseError{refused->status, QString::fromLatin1(refused->message)}});
        }
        ++i;
    }
    return i;
}

HttpChunkScanner::Step HttpChunkScanner::sizeLineByte(char c) {
    if (c == '\n')
        return Refusal{400, "bare LF in a chunk-size line (CRLF required)"};
    if (c == '\r')
        return endOfSizeLine();
    if (++m_lineBytes > m_limits.maxChunkLineBytes)
        return Refusal{400, "chunk-size line or chunk extensions too long"};
    if (m_state != State::Size)
        return extensionByte(c);
    const int digit = hexValue(c);
    if (digit >= 0) {
        m_sawDigit = true;
        if (m_sizeDigits > 0 || digit != 0)
            ++m_sizeDigits;
        if (m_sizeDigits > MaxSizeDigits)
            return Refusal{400, "chunk size too large"};
        m_chunkSize = m_chunkSize * 16 + static_cast<quint64>(digit);
        return {};
    }
    if (!m_sawDigit)
        return Refusal{400, "invalid chunk size"};
    if (c == ';')
        m_state = State::ExtNameBws;
    else if (isOws(c))
        m_state = State::SizeBws;
    else
        return Refusal{400, "invalid chunk size"};
    return {};
}

HttpChunkScanner::Step HttpChunkScanner::extensionByte(char c) {
    switch (m_state) {
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
            return Refusal{400, "invalid chunk extension"};
        return {};
    case State::ExtNameBws:
        if (isTchar(c))
            m_state = State::ExtName;
        else if (!isOws(c))
            return Refusal{400, "invalid chunk extension"};
        return {};
    case State::ExtName:
    case State::ExtToken:
        if (c == ';')
            m_state = State::ExtNameBws;
        else if (c == '=' && m_state == State::ExtName)
            m_state = State::ExtValueBws;
        else if (isOws(c))
            m_state = m_state == State::ExtName ? State::ExtNameEnd : State::ExtTrailingBws;
        else if (!isTchar(c))
            return Refusal{400, "invalid chunk extension"};
        return {};
    case State::ExtValueBws:
        if (c == '"')
            m_state = State::ExtQuoted;
        else if (isTchar(c))
            m_state = State::ExtToken;
        else if (!isOws(c))
            return Refusal{400, "invalid chunk extension"};
        return {};
    case State::ExtQuoted:
        if (c == '"')
            m_state = State::ExtValueEnd;
        else if (c == '\\')
            m_state = State::ExtQuotedPair;
        else if (!isQdtext(c))
            return Refusal{400, "invalid chunk extension"};
        return {};
    default: // ExtQuotedPair
        if (!isFieldValueChar(c))
            return Refusal{400, "invalid chunk extension"};
        m_state = State::ExtQuoted;
        return {};
    }
}

HttpChunkScanner::Step HttpChunkScanner::endOfSizeLine() {
    // A line may end after the size, an extension name or value; not inside a
    // quoted string, after "=" or ";", or after whitespace (BWS only precedes ";" / "=").
    switch (m_state) {
    case State::Size:
        if (!m_sawDigit)
            return Refusal{400, "invalid chunk size"};
        break;
    case State::ExtName:
    case State::ExtToken:
    case State::ExtValueEnd:
        break;
    default:
        return Refusal{400, "invalid chunk extension"};
    }
    if (m_chunkSize > m_limits.maxBodyBytes - std::min(m_total, m_limits.maxBodyBytes))
        return Refusal{413, "body too large"};
    m_total += m_chunkSize;
    m_remaining = m_chunkSize;
    m_state = State::SizeLf;
    m_lineBytes = 0;
    m_sizeDigits = 0;
    m_sawDigit = false;
    return {};
}

} // namespace pc
