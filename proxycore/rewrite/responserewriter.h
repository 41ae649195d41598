#pragma once

#include "http/httpresponsehead.h"
#include "rewrite/bodyrewriter.h"
#include "rewrite/platformprofile.h"
#include "rewrite/rewritecontext.h"

#include <QByteArray>
#include <QByteArrayView>
#include <optional>

namespace pc {

// Rewrites a response head from the BMC into the one the browser gets, and decides
// whether its body must go through a BodyRewriter.
//
// Hop-by-hop fields are removed (HttpHeaders::removeHopByHop); a 101 keeps `Upgrade`
// and gets `Connection: Upgrade`, its Sec-WebSocket-Accept/-Protocol/-Extensions
// untouched. Then the profile's response rules: URL headers (Location, Content-Location)
// naming the BMC point at the public origin, Set-Cookie made host-only (see
// CookieFilter), a BMC's attempt to set the gateway's own cookie dropped, and the
// profile's dropHeaders (Strict-Transport-Security, Alt-Svc) removed.
//
// The body is rewritten only when all hold: the profile has body literals; the
// response has a body (per head.framing: not None; not 1xx/204/304) and it is not a
// 206 partial one; no Content-Encoding other than identity (gzip bodies pass through
// byte for byte: iDRAC9's /restgui/ files are always gzip, and the gateway does not
// decompress); a listed text media type. Then Content-Length (and Content-MD5) are
// removed, head.framing becomes Chunked, and the caller frames the output chunked
// (`Transfer-Encoding: chunked`, or close-delimited for an HTTP/1.0 client).
class ResponseRewriter {
public:
    enum class BodyPlan {
        PassThrough, // no body, or a body to forward unchanged with its framing
        Rewrite,     // feed the body through `body`
    };

    struct Result {
        HttpResponseHead head;
        BodyPlan plan = BodyPlan::PassThrough;
        std::optional<BodyRewriter> body; // set exactly when plan == Rewrite
        QByteArray why;                   // for logs and tests: why this plan
    };

    ResponseRewriter(RewriteContext context, PlatformProfile profile);
    // With the built-in profile of context.platform.
    explicit ResponseRewriter(RewriteContext context);

    Result rewrite(HttpResponseHead head) const;

    // An absolute URL naming the BMC (https on its port; http on port 80 or its port;
    // host compared case-insensitively, IPv6 by address) with the BMC's origin replaced
    // by the public origin, path/query/fragment kept; anything else unchanged.
    QByteArray rewriteUrl(QByteArrayView url) const;

private:
    void rewriteCookies(HttpHeaders &headers) const;
    QByteArray bodyRefusal(const HttpResponseHead &head) const;

    RewriteContext m_context;
    PlatformProfile m_profile;
};

} // namespace pc
