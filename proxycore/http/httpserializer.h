#pragma once

#include "http/httpheaders.h"
#include "http/httprequesthead.h"
#include "http/httpresponsehead.h"
#include "http/httpserializeerror.h"
#include "util/expected.h"

#include <QByteArray>
#include <QByteArrayView>

namespace pc {

// Writes HTTP/1.1 messages. Everything written is validated so that no rewriting can
// inject a header or a message: methods and header names must be tokens, the target
// visible ASCII, header values and the reason phrase free of CR, LF, NUL and other
// controls (HTAB allowed). Header values are written OWS-trimmed, as the parser reads
// them. Bodies are the caller's: write Content-Length or Transfer-Encoding yourself
// (HttpBodyFraming of the parsed message says which), or use simpleResponse().
class HttpSerializer {
public:
    static Expected<QByteArray, HttpSerializeError> requestHead(const HttpRequestHead &head);
    static Expected<QByteArray, HttpSerializeError> responseHead(const HttpResponseHead &head);

    // One chunk of a chunked body: hex size, CRLF, data, CRLF. Empty data gives an
    // empty array (a zero-size chunk would end the body: use lastChunk()).
    static QByteArray chunk(QByteArrayView data);
    // The last chunk and the trailer section that end a chunked body.
    static Expected<QByteArray, HttpSerializeError> lastChunk(const HttpHeaders &trailers = {});

    // A complete HTTP/1.1 response with the standard reason phrase and a correct
    // Content-Length (replacing any Content-Length/Transfer-Encoding in `headers`).
    // 1xx, 204 and 304 get no Content-Length and must have an empty body.
    static Expected<QByteArray, HttpSerializeError>
    simpleResponse(int status, const HttpHeaders &headers, QByteArrayView body);

    // The standard reason phrase of a status ("Not Found"), empty if unknown.
    static QByteArray reasonPhrase(int status);

private:
    static Expected<QByteArray, HttpSerializeError> fields(const HttpHeaders &headers);
};

} // namespace pc
