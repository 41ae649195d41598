#include "http/httpheadtracker.h"

#include "http/httpsyntax.h"

#include <algorithm>
#include <cstring>

namespace pc {

namespace {

// Whatever maxHeaderBytes says, a header section stays under 80 KiB.
constexpr qsizetype SectionCap = 80 * 1024;

HttpParseError refuse(int status, const char *message) {
    return HttpParseError{status, QString::fromLatin1(message)};
}

} // namespace

HttpHeadTracker::HttpHeadTracker(bool request, const HttpLimits &limits,
                                 const HttpStreamWindow &window)
    : m_request(request)
    , m_limits(limits)
    , m_maxSection(std::min(limits.maxHeaderBytes, SectionCap))
    , m_window(window) {}

void HttpHeadTracker::startMessage() {
    m_lineStart = m_methodEnd = m_targetEnd = m_versionStart = m_versionEnd = -1;
    m_reasonStart = m_checkTargetEnd = m_checkVersionEnd = -1;
    startTrailers();
}

void HttpHeadTracker::startTrailers() {
    m_sectionBytes = 0;
    m_fields = 0;
    m_inName = false;
    m_fieldStart = m_nameEnd = m_valueEnd = -1;
    m_inGap = false;
    m_gapLfs = 0;
}

HttpHeadTracker::Check HttpHeadTracker::startLineLength(qint64 end) const {
    if (end - m_lineStart <= m_limits.maxStartLineBytes)
        return std::nullopt;
    return m_request ? refuse(414, "request line too long") : refuse(400, "status line too long");
}

HttpHeadTracker::Check HttpHeadTracker::method(qint64 start, qint64 end) {
    if (m_lineStart < 0)
        m_lineStart = start;
    m_methodEnd = end;
    return startLineLength(end);
}

HttpHeadTracker::Check HttpHeadTracker::target(qint64 start, qint64 end) {
    if (m_targetEnd < 0 && start != m_methodEnd + 1)
        return refuse(400, "empty request target or extra whitespace in the request line");
    m_targetEnd = end;
    return startLineLength(end);
}

HttpHeadTracker::Check HttpHeadTracker::version(qint64 start, qint64 end) {
    if (m_versionStart < 0) {
        m_versionStart = start;
        if (!m_request)
            m_lineStart = start - 5;       // "HTTP/"
        else if (start != m_targetEnd + 6) // " HTTP/"
            return refuse(400, "extra whitespace in the request line");
    }
    m_versionEnd = end;
    return startLineLength(end);
}

HttpHeadTracker::Check HttpHeadTracker::reason(const char *at, qint64 start, qint64 end) {
    if (m_reasonStart < 0)
        m_reasonStart = start;
    for (qint64 i = start; i < end; ++i) {
        if (Check tooLong = startLineLength(i + 1))
            return tooLong;
        if (!httpsyntax::isFieldValueChar(at[i - start]))
            return refuse(400, "invalid character in the reason phrase");
    }
    return std::nullopt;
}

HttpHeadTracker::Check HttpHeadTracker::targetEnd() {
    m_checkTargetEnd = m_targetEnd;
    return pending();
}

HttpHeadTracker::Check HttpHeadTracker::versionEnd(int major, int minor) {
    if (major != 1 || (minor != 0 && minor != 1))
        return refuse(505, "HTTP version not supported (only HTTP/1.0 and HTTP/1.1)");
    if (m_request)
        m_checkVersionEnd = m_versionEnd;
    return pending();
}

HttpHeadTracker::Check HttpHeadTracker::pending() {
    if (m_checkTargetEnd >= 0) {
        const int byte = m_window.byteAt(m_checkTargetEnd);
        if (byte < 0)
            return std::nullopt;
        m_checkTargetEnd = -1;
        // llhttp takes "GET /" followed by CRLF as an HTTP/0.9 request.
        if (byte != ' ')
            return refuse(400, "invalid character in the request target");
    }
    if (m_checkVersionEnd >= 0) {
        const int byte = m_window.byteAt(m_checkVersionEnd);
        if (byte < 0)
            return std::nullopt;
        m_checkVersionEnd = -1;
        if (byte == '\n')
            return refuse(400, "bare LF in the request line (CRLF required)");
    }
    return std::nullopt;
}

HttpHeadTracker::Check HttpHeadTracker::statusLineEnd(qint64 end, int status) const {
    if (m_window.byteAt(end - 2) != '\r')
        return refuse(400, "bare LF in the status line (CRLF required)");
    const qint64 lineEnd = end - 2;
    if (Check tooLong = startLineLength(lineEnd))
        return tooLong;
    // "HTTP/1.1 404\r\n", "HTTP/1.1 200 \r\n" or "HTTP/1.1 200 OK\r\n": three digits.
    qint64 digitsEnd = lineEnd;
    if (m_reasonStart >= 0)
        digitsEnd = m_reasonStart - 1;
    else if (m_window.byteAt(lineEnd - 1) == ' ')
        digitsEnd = lineEnd - 1;
    if (digitsEnd - (m_versionEnd + 1) != 3 || status < 100 || status > 599)
        return refuse(400, "invalid status code");
    return std::nullopt;
}

HttpHeadTracker::Check HttpHeadTracker::sectionLength(qint64 end) const {
    if (m_sectionBytes + (end - m_fieldStart) > m_maxSection)
        return refuse(431, "header section too large");
    return std::nullopt;
}

HttpHeadTracker::Check HttpHeadTracker::fieldName(qint64 start, qint64 end) {
    if (!m_inName) {
        m_inName = true;
        m_fieldStart = start;
        m_valueEnd = -1;
        if (++m_fields > m_limits.maxHeaderCount)
            return refuse(431, "too many header fields");
    }
    m_nameEnd = end;
    return sectionLength(end);
}

HttpHeadTracker::Check HttpHeadTracker::fieldNameEnd(bool empty) {
    m_inName = false;
    if (empty)
        return refuse(400, "invalid character in a header field name");
    m_inGap = true;
    m_gapLfs = 0;
    return std::nullopt;
}

qsizetype HttpHeadTracker::gapLfs(qint64 end) const {
    const qint64 from = std::max(m_nameEnd + 1, m_window.base());
    if (end <= from)
        return 0;
    const char *p = m_window.pointerTo(from);
    return static_cast<qsizetype>(std::count(p, p + (end - from), '\n'));
}

void HttpHeadTracker::afterStep(qint64 end) {
    if (m_inGap)
        m_gapLfs += gapLfs(end);
}

HttpHeadTracker::Check HttpHeadTracker::fieldValue(qint64 start, qint64 end) {
    // A value's pieces follow each other on the wire. llhttp joins an obs-fold's
    // continuation line to the value (a piece after a CRLF) or skips it before the
    // value (a LF between the colon and the value); an empty value is an empty piece
    // right after the line's CRLF.
    if (m_inGap) {
        const qsizetype lfs = m_gapLfs + gapLfs(start);
        if (start == end && lfs == 0)
            return std::nullopt; // llhttp's Content-Length path reports an empty piece
        m_inGap = false;
        if (lfs != (start == end ? 1 : 0))
            return refuse(400, "obsolete line folding in a header field");
        m_valueEnd = start == end ? start - 2 : end;
        return sectionLength(m_valueEnd);
    }
    if (start != m_valueEnd)
        return refuse(400, "obsolete line folding in a header field");
    m_valueEnd = end;
    return sectionLength(end);
}

HttpHeadTracker::Check HttpHeadTracker::fieldValueEnd() {
    m_inGap = false;
    if (m_valueEnd < 0)
        m_valueEnd = m_nameEnd + 1;
    const qint64 lineEnd = m_valueEnd + 2; // CRLF, checked by llhttp
    Check tooLarge = sectionLength(lineEnd);
    m_sectionBytes += lineEnd - m_fieldStart;
    return tooLarge;
}

HttpHeadTracker::Check HttpHeadTracker::sectionEnd(qint64 end) {
    if (Check refused = pending())
        return refused;
    if (m_window.byteAt(end - 2) != '\r')
        return refuse(400, "bare LF in the header section (CRLF required)");
    return std::nullopt;
}

} // namespace pc
