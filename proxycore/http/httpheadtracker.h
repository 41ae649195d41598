#pragma once

#include "http/httplimits.h"
#include "http/httpparseerror.h"
#include "http/httpstreamwindow.h"

#include <optional>

namespace pc {

// Internal to HttpParser: what llhttp's strict mode still lets through in a head (or a
// chunked body's trailers), checked from the stream offsets of llhttp's spans and
// events: line structure (CRLF only, no obs-fold, single spaces in the request line),
// status codes 100..599, HTTP/1.0 and 1.1 only, reason phrase characters, empty field
// names, and the limits of HttpLimits. Each check returns the refusal, if any.
class HttpHeadTracker {
public:
    using Check = std::optional<HttpParseError>;

    HttpHeadTracker(bool request, const HttpLimits &limits, const HttpStreamWindow &window);

    void startMessage();
    void startTrailers();

    Check method(qint64 start, qint64 end);
    Check target(qint64 start, qint64 end);
    Check version(qint64 start, qint64 end);
    Check reason(const char *at, qint64 start, qint64 end);
    Check targetEnd();
    Check versionEnd(int major, int minor);
    // The checks on the byte after the target and after the version: llhttp may end
    // those spans before that byte arrives, so they run once it is at hand (call this
    // before any other check).
    Check pending();
    // After the status line's LF (llhttp paused there).
    Check statusLineEnd(qint64 end, int status) const;

    Check fieldName(qint64 start, qint64 end);
    Check fieldNameEnd(bool empty);
    Check fieldValue(qint64 start, qint64 end);
    Check fieldValueEnd();
    // After each parsing step: llhttp skips the whitespace (and any obs-fold) between a
    // colon and the value without a callback, so those bytes are looked at here.
    void afterStep(qint64 end);
    // After the LF of the empty line that ends a head or trailer section.
    Check sectionEnd(qint64 end);

private:
    Check startLineLength(qint64 end) const;
    Check sectionLength(qint64 end) const;
    qsizetype gapLfs(qint64 end) const;

    bool m_request;
    HttpLimits m_limits;
    qsizetype m_maxSection;
    const HttpStreamWindow &m_window;

    qint64 m_lineStart = -1; // the start line's first byte
    qint64 m_methodEnd = -1;
    qint64 m_targetEnd = -1;
    qint64 m_versionStart = -1;
    qint64 m_versionEnd = -1;
    qint64 m_reasonStart = -1;
    qint64 m_checkTargetEnd = -1; // offsets whose byte is checked once at hand
    qint64 m_checkVersionEnd = -1;

    qsizetype m_sectionBytes = 0; // completed field lines, CRLF included
    qsizetype m_fields = 0;
    bool m_inName = false;
    qint64 m_fieldStart = -1; // the current field line's first byte
    qint64 m_nameEnd = -1;
    bool m_inGap = false;   // between a colon and the value's first span
    qsizetype m_gapLfs = 0; // LFs in the gap, in slices already read
    qint64 m_valueEnd = -1;
};

} // namespace pc
