#pragma once

#include "http/httplimits.h"
#include "http/httpparseerror.h"

#include <optional>

namespace pc {

// Internal to HttpParser: reads the chunk-size line of a chunked body (RFC 9112 §7.1)
//   chunk-size [ chunk-ext ] CRLF, chunk-ext = *( BWS ";" BWS token [ BWS "=" BWS
//   ( token / quoted-string ) ] )
// up to its CR. llhttp 8.1 (Debian 12) refuses valid extensions (BWS, a second
// extension after a value, quoted-pairs), so llhttp gets the size digits and the CRLF
// while the extensions are checked and skipped here. Also enforces what llhttp does
// not: at most 15 significant hex digits, the chunk-size line limit and the body limit.
class HttpChunkLine {
public:
    explicit HttpChunkLine(const HttpLimits &limits);

    // A chunk-size line starts; bodySoFar: the chunk sizes already announced.
    void begin(quint64 bodySoFar);
    void reset();
    bool isActive() const;

    struct Step {
        qsizetype digits = 0;  // size digits at the front of the slice, for llhttp
        qsizetype skipped = 0; // extension bytes consumed here
        std::optional<HttpParseError> error;
        qsizetype errorOffset = 0;
    };
    // Reads the slice while the line is active; the line ends (inactive) at its CR,
    // which is left for llhttp.
    Step scan(const char *data, qsizetype len);

    bool wasLastChunk() const; // the line that ended announced size 0
    quint64 bodyBytes() const; // the chunk sizes announced so far

private:
    enum class State {
        Off,
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
    };

    std::optional<HttpParseError> sizeByte(char c);
    std::optional<HttpParseError> extensionByte(char c);
    std::optional<HttpParseError> endOfLine();
    std::optional<HttpParseError> countByte();

    HttpLimits m_limits;
    State m_state = State::Off;
    qsizetype m_lineBytes = 0;
    int m_sizeDigits = 0; // significant hex digits (leading zeros not counted)
    bool m_sawDigit = false;
    quint64 m_size = 0;
    quint64 m_total = 0;
};

} // namespace pc
