#pragma once

// Response compression the way BMC firmware does it (Apache/lighttpd with mod_deflate,
// iDRAC's pre-compressed GUI files): HTML, JavaScript, JSON, CSS and XML bodies are sent
// gzip-compressed (Content-Encoding: gzip, Vary: Accept-Encoding) when the request's
// Accept-Encoding allows gzip. Off unless ServerOptions::compress (--compress) is set.

#include "http/httpheaders.h"

#include <QByteArray>
#include <QByteArrayView>

namespace bmcsim {

class Compression {
public:
    // Accept-Encoding names gzip (or x-gzip, or "*") with a q-value above 0.
    static bool acceptsGzip(const pc::HttpHeaders &requestHeaders);
    // A media type firmware compresses (the Content-Type value, parameters allowed).
    static bool compressible(QByteArrayView contentType);
    // DATA as one gzip member (zlib, default level).
    static QByteArray gzip(QByteArrayView data);
};

} // namespace bmcsim
