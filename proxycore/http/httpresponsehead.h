#pragma once

#include "http/httpbodyframing.h"
#include "http/httpheaders.h"
#include "http/httpversion.h"

#include <QByteArray>

namespace pc {

// The status line and header section of an HTTP/1.x response.
struct HttpResponseHead {
    int status = 200;
    QByteArray reason; // may be empty
    HttpVersion version = HttpVersion::Http1_1;
    HttpHeaders headers;
    // Filled in by HttpParser (it depends on the request method, e.g. HEAD); ignored
    // by HttpSerializer.
    HttpBodyFraming framing;

    // 1xx other than 101: an interim response, the final one follows.
    bool isInformational() const;
    // Whether the connection stays open after this response (RFC 9112 §9.3). A
    // response whose body runs until EOF never keeps the connection.
    bool keepAlive() const;
    bool hasBody() const;

    friend bool operator==(const HttpResponseHead &, const HttpResponseHead &) = default;
};

} // namespace pc
