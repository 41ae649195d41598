#pragma once

#include "http/httpheadscanner.h"
#include "http/httplibparser.h"
#include "http/httplimits.h"
#include "http/httpmessagecollector.h"
#include "http/httpparseerror.h"
#include "http/httprequesthead.h"
#include "http/httpresponsehead.h"
#include "util/expected.h"

#include <QByteArrayView>

namespace pc {

// Internal to HttpParser: when libhttp-parser reaches the end of a head, builds the
// head from what the scanner validated and the collector gathered, checks that
// libhttp-parser read the same message (method, status, version, field count,
// framing; any difference is refused as ambiguous) and decides the body framing
// through HttpFramingRules.
class HttpHeadAssembler {
public:
    static Expected<HttpRequestHead, HttpParseError> request(const HttpHeadScanner &scanner,
                                                             HttpMessageCollector &collector,
                                                             const HttpLibParser &lib,
                                                             const HttpLimits &limits);
    static Expected<HttpResponseHead, HttpParseError>
    response(const HttpHeadScanner &scanner, HttpMessageCollector &collector,
             const HttpLibParser &lib, QByteArrayView requestMethod, const HttpLimits &limits);

    // Whether the stream stops being HTTP after this message.
    static bool opensTunnel(const HttpRequestHead &head);
    static bool opensTunnel(const HttpResponseHead &head, QByteArrayView requestMethod);

private:
    static HttpParseError ambiguous(const char *what);
    static bool sameFraming(const HttpBodyFraming &framing, const HttpLibParser &lib);
};

} // namespace pc
