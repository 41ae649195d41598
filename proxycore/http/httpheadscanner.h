#pragma once

#include "http/httplimits.h"
#include "http/httpscanresult.h"

#include <QByteArray>
#include <optional>

namespace pc {

// Internal to HttpParser: a byte-level validator that runs over a message head (or a
// chunked body's trailer section) before libhttp-parser sees the bytes, enforcing what
// Debian's non-strict libhttp-parser lets through and the limits:
// - every line ends in CRLF (no bare CR, no bare LF), no obs-fold;
// - request line: token SP 1*VCHAR SP "HTTP/" DIGIT "." DIGIT, version 1.0 or 1.1 (505);
//   status line: "HTTP/" DIGIT "." DIGIT SP 3DIGIT (100..599) [SP reason];
// - header lines: token ":" field-value (no whitespace before the colon, no CTL but HTAB);
// - the start-line, header-section and header-count limits.
// It stops right after the LF that ends the head.
class HttpHeadScanner {
public:
    enum class Kind { Request, Response, Trailers };

    HttpHeadScanner(Kind kind, const HttpLimits &limits);

    HttpScanResult scan(const char *data, qsizetype len);
    void reset();

    bool isDone() const;
    // Whether any byte of a head was seen (leading empty lines do not count).
    bool hasStarted() const;
    qsizetype fieldCount() const;
    // Request: the method token; response: the three status digits.
    const QByteArray &startToken() const;
    int versionMinor() const; // 0 or 1, once the start line was validated

private:
    enum class State {
        Leading,
        LeadingLf,
        Method,
        Target,
        RequestVersion,
        ResponseVersion,
        Status,
        AfterStatus,
        Reason,
        StartLineLf,
        LineStart,
        Name,
        Value,
        ValueLf,
        FinalLf,
        Done,
    };

    struct Refusal {
        int status;
        const char *message;
    };
    using Step = std::optional<Refusal>;

    Step leadingByte(char c);
    Step requestLineByte(char c);
    Step statusLineByte(char c);
    Step headerByte(char c);
    bool versionCharOk(char c);
    Step versionEnd();

    Kind m_kind;
    HttpLimits m_limits;
    State m_state;
    qsizetype m_leadingBytes = 0;
    qsizetype m_lineBytes = 0;
    qsizetype m_headerBytes = 0;
    qsizetype m_fields = 0;
    int m_versionPos = 0;
    int m_versionMajor = 1;
    int m_versionMinor = 1;
    QByteArray m_startToken;
};

} // namespace pc
