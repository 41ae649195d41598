#pragma once

#include <QtGlobal>
#include <limits>

namespace pc {

// Bounds on what HttpParser accepts; exceeding one refuses the message.
// A header section is also capped at 80 KiB: a larger maxHeaderBytes is cut to it (431).
struct HttpLimits {
    // Request line or status line, without its CRLF. Over it: 414 (request).
    qsizetype maxStartLineBytes = 8 * 1024;
    // Header section: every header line with its CRLF, without the start line and
    // the final empty line. Over it: 431. Applies to a chunked body's trailers too.
    qsizetype maxHeaderBytes = 64 * 1024;
    // Header fields in the header section (and in the trailers). Over it: 431.
    qsizetype maxHeaderCount = 100;
    // A chunk-size line with its extensions, without its CRLF. Over it: 400.
    qsizetype maxChunkLineBytes = 1024;
    // Body bytes of one message (after de-chunking). Over it: 413.
    quint64 maxBodyBytes = std::numeric_limits<quint64>::max();
};

} // namespace pc
