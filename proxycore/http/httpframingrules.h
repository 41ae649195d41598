#pragma once

#include "http/httpbodyframing.h"
#include "http/httplimits.h"
#include "http/httpparseerror.h"
#include "http/httprequesthead.h"
#include "http/httpresponsehead.h"
#include "util/expected.h"

#include <QByteArrayView>
#include <optional>

namespace pc {

// Internal to HttpParser: decides how a message's body is delimited (RFC 9112 §6.3)
// and refuses every ambiguous framing (request smuggling defences):
// - Content-Length together with Transfer-Encoding;
// - more than one Content-Length field, even with identical values (strict), or a
//   value that is not 1*DIGIT or overflows;
// - Transfer-Encoding in HTTP/1.0; a transfer coding list other than exactly
//   "chunked" (chunked not final or repeated: 400; another coding before it: 501);
// - requests: more than one Host, or none in HTTP/1.1; a body on CONNECT or on an
//   upgrade request.
// Statuses are those for a request; HttpParser turns them into 502 for responses.
class HttpFramingRules {
public:
    static Expected<HttpBodyFraming, HttpParseError> forRequest(const HttpRequestHead &head,
                                                                const HttpLimits &limits);
    // requestMethod: the method of the request this answers (HEAD and CONNECT matter).
    static Expected<HttpBodyFraming, HttpParseError> forResponse(const HttpResponseHead &head,
                                                                 QByteArrayView requestMethod,
                                                                 const HttpLimits &limits);

private:
    // The framing Content-Length/Transfer-Encoding announce, ignoring what the status
    // or method say about a body.
    static Expected<HttpBodyFraming, HttpParseError>
    announced(const HttpHeaders &headers, HttpVersion version, const HttpLimits &limits);
    static std::optional<HttpParseError> checkTransferCodings(const HttpHeaders &headers);
};

} // namespace pc
