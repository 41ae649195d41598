#pragma once

#include "http/httprequesthead.h"
#include "rewrite/platformprofile.h"
#include "rewrite/rewritecontext.h"

#include <QByteArray>
#include <QByteArrayView>

namespace pc {

// Rewrites a request head from the browser into the one the BMC gets.
//
// Give it the head as parsed, hop-by-hop fields still in it: it removes them itself
// (HttpHeaders::removeHopByHop) after noting whether the request is a WebSocket upgrade,
// and for an upgrade puts back `Upgrade` (the client's value) and `Connection` (the
// profile's spelling, "Upgrade"). Sec-WebSocket-Key/-Version/-Protocol/-Extensions pass
// untouched: subprotocols negotiate end to end. Any other Upgrade offer (h2c, ...) is
// dropped with the other hop-by-hop fields and the request goes on as plain HTTP.
//
// Then, in order: an absolute-form target becomes origin-form; the gateway's cookie is
// removed from every Cookie field (a field left empty goes); the profile's request rules
// (Host, Origin, Referer, cookie→header, Accept-Encoding, gzip, Origin on upgrades);
// X-Forwarded-For gets the client address appended, X-Forwarded-Proto and X-Forwarded-Host are set.
//
// Framing stays the caller's: Content-Length is kept, Transfer-Encoding is removed
// (hop-by-hop), so a chunked request body needs `Transfer-Encoding: chunked` written
// back by whoever forwards it (head.framing says which).
class RequestRewriter {
public:
    RequestRewriter(RewriteContext context, PlatformProfile profile);
    // With the built-in profile of context.platform.
    explicit RequestRewriter(RewriteContext context);

    HttpRequestHead rewrite(HttpRequestHead head) const;

    // The path of an origin-form target ("/a/b?c" → "/a/b").
    static QByteArrayView pathOf(QByteArrayView target);
    // An Accept-Encoding value that accepts gzip: `value` if it already does (a "gzip"
    // or "x-gzip" coding with q > 0), "gzip, deflate" if it is empty, else `value`
    // without refusals of gzip ("gzip;q=0") and with ", gzip" added.
    static QByteArray acceptEncodingWithGzip(QByteArrayView value);
    // An Accept-Encoding value naming only codings ContentDecoder decodes: `value`'s
    // gzip, x-gzip, deflate and identity elements (with their q values; br, zstd, "*"
    // and the others dropped), plus "identity" when none of them is acceptable.
    // Applied for profiles with body rules, whose text bodies the gateway must read.
    static QByteArray acceptEncodingDecodable(QByteArrayView value);

    const RewriteContext &context() const { return m_context; }
    const PlatformProfile &profile() const { return m_profile; }

private:
    void addressBmc(HttpHeaders &headers) const;
    void applyPathRules(HttpHeaders &headers, QByteArrayView path, bool upgrade) const;
    void addForwarded(HttpHeaders &headers) const;

    RewriteContext m_context;
    PlatformProfile m_profile;
};

} // namespace pc
