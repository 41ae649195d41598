#pragma once

#include <QtGlobal>

namespace pc {

// How a parsed message's body is delimited on the wire (RFC 9112 §6.3). The parser
// fills it in; a proxy uses it, not the Content-Length/Transfer-Encoding headers, to
// frame the body it forwards.
struct HttpBodyFraming {
    enum class Kind {
        None,     // no body (also: HEAD responses, 1xx/204/304, CONNECT tunnels)
        Length,   // exactly `length` bytes (Content-Length)
        Chunked,  // Transfer-Encoding: chunked; the parser delivers de-chunked data
        UntilEof, // responses only: the body ends when the connection closes
    };
    Kind kind = Kind::None;
    quint64 length = 0; // Kind::Length only

    friend bool operator==(const HttpBodyFraming &, const HttpBodyFraming &) = default;
};

} // namespace pc
