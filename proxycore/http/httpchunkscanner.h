#pragma once

#include "http/httpheadscanner.h"
#include "http/httplimits.h"
#include "http/httpscanresult.h"

#include <optional>

namespace pc {

// Internal to HttpParser: validates the framing of a chunked body (RFC 9112 §7.1)
// before libhttp-parser sees it. Debian's non-strict libhttp-parser accepts any two
// bytes as the CRLF after chunk data, any byte after the CR of a chunk-size line and
// anything at all in chunk extensions; this enforces the grammar:
//   chunk-size [ chunk-ext ] CRLF, chunk-data CRLF, ..., "0" [ chunk-ext ] CRLF,
//   trailer section (validated like a header section), CRLF
// with chunk-size 1*HEXDIG (at most 15 significant digits), chunk-ext
// *( BWS ";" BWS token [ BWS "=" BWS ( token / quoted-string ) ] ), a bounded
// chunk-size line and the body size limit.
// scan() stops right after the last byte of each chunk's data and after the end of
// the body, so the parser can hand libhttp-parser exactly one data run per step.
class HttpChunkScanner {
public:
    explicit HttpChunkScanner(const HttpLimits &limits);

    HttpScanResult scan(const char *data, qsizetype len);
    void reset();

    bool isDone() const;
    quint64 bodyBytes() const; // sum of the chunk sizes seen so far

private:
    enum class State {
        Size,
        SizeBws,    // BWS after the size, before ";"
        ExtNameBws, // after ";"
        ExtName,
        ExtNameEnd,  // BWS after a name
        ExtValueBws, // after "="
        ExtToken,
        ExtQuoted,
        ExtQuotedPair,
        ExtValueEnd,    // right after a quoted value: BWS, ";" or CR
        ExtTrailingBws, // BWS after a value: only ";" may follow
        SizeLf,
        Data,
        DataCr,
        DataLf,
        Trailers,
        Done,
    };
    struct Refusal {
        int status;
        const char *message;
    };
    using Step = std::optional<Refusal>;

    Step sizeLineByte(char c);
    Step extensionByte(char c);
    Step endOfSizeLine();

    HttpLimits m_limits;
    State m_state = State::Size;
    qsizetype m_lineBytes = 0;
    int m_sizeDigits = 0; // significant hex digits (leading zeros not counted)
    bool m_sawDigit = false;
    quint64 m_chunkSize = 0;
    quint64 m_remaining = 0;
    quint64 m_total = 0;
    HttpHeadScanner m_trailers;
};

} // namespace pc
