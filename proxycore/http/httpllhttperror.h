#pragma once

#include "http/httpparseerror.h"

namespace pc {

// Internal to HttpParser: turns an llhttp refusal into the error a client is answered
// with (statuses as for a request; HttpParser makes them 502 for responses) and a
// message in this module's words. The offending byte (-1 if not at hand) and the one
// before it tell apart cases llhttp reports alike (a bare CR from a malformed version,
// whitespace before a colon from another bad name character).
class HttpLlhttpError {
public:
    static HttpParseError describe(int code, const char *reason, int byte, int previous);
};

} // namespace pc
