#pragma once

#include "http/httpresponsehead.h"
#include "rewrite/bodyrewriter.h"
#include "rewrite/contentdecoder.h"
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
// 206 partial one; a listed text media type; no Content-Encoding, identity, or one that
// ContentDecoder decodes (gzip, x-gzip, deflate: iDRAC9's /restgui/ files are always
// gzip, and firmware compresses pages and JSON when the browser allows it). Then
// Content-Length (and Content-MD5) are removed, head.framing becomes Chunked, and the
// caller frames the output chunked (`Transfer-Encoding: chunked`, or close-delimited for
// an HTTP/1.0 client). A compressed body is decoded (Result::decode names the coding),
// rewritten and sent uncompressed: Content-Encoding is removed. Uncompressed because
// the gateway sits next to the BMC and the rewritten text is small, so recompressing
// would cost the gateway's CPU for little; every browser takes identity, and the app's
// loopback proxy inflates pages anyway. Vary and ETag are kept as the BMC sent them.
// A HEAD or 304 answer for such a body loses Content-Encoding (HEAD: Content-Length
// too), so that it describes what a GET gets. A text body with a coding there is no
// decoder for (br, zstd, stacked codings) passes through unchanged with a warning in
// the log; RequestRewriter keeps BMCs of these profiles from choosing one.
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
        // With plan == Rewrite: the body's Content-Encoding, to decode before `body`.
        std::optional<ContentDecoder::Coding> decode;
        QByteArray why; // for logs and tests: why this plan
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
    QByteArray bodyRefusal(const HttpResponseHead &head,
                           std::optional<ContentDecoder::Coding> &decode) const;

    RewriteContext m_context;
    PlatformProfile m_profile;
};

} // namespace pc
