#include "rewrite/responserewriter.h"

#include "http/httpsyntax.h"
#include "rewrite/bodypatterns.h"
#include "rewrite/cookiefilter.h"
#include "rewrite/rewritelogging.h"

namespace pc {

namespace {

using httpsyntax::equalsIgnoreCase;
using httpsyntax::trimOws;

QByteArray mediaType(QByteArrayView contentType) {
    const qsizetype semi = contentType.indexOf(';');
    return httpsyntax::toLowerAscii(trimOws(semi < 0 ? contentType : contentType.first(semi)));
}

} // namespace

ResponseRewriter::ResponseRewriter(RewriteContext context, PlatformProfile profile)
    : m_context(std::move(context))
    , m_profile(std::move(profile)) {}

ResponseRewriter::ResponseRewriter(RewriteContext context)
    : ResponseRewriter(context, PlatformProfile::forPlatform(context.platform)) {}

QByteArray ResponseRewriter::rewriteUrl(QByteArrayView url) const {
    const auto split = Endpoint::splitUrl(trimOws(url));
    if (!split)
        return url.toByteArray();
    const Endpoint &named = split->endpoint;
    const Endpoint &bmc = m_context.bmc;
    const bool https = named.scheme() == "https" && named.port() == bmc.port();
    const bool http =
        named.scheme() == "http" && (named.port() == 80 || named.port() == bmc.port());
    if (!(https || http) || !named.sameHost(bmc))
        return url.toByteArray();
    return m_context.publicSide.origin() + split->rest;
}

ResponseRewriter::Result ResponseRewriter::rewrite(HttpResponseHead head) const {
    HttpHeaders &headers = head.headers;
    if (head.status == 101) {
        const QByteArray upgrade = trimOws(headers.combinedValue("upgrade")).toByteArray();
        headers.removeHopByHop();
        if (!upgrade.isEmpty())
            headers.set(QByteArrayLiteral("Upgrade"), upgrade);
        headers.set(QByteArrayLiteral("Connection"), QByteArrayLiteral("Upgrade"));
    } else {
        headers.removeHopByHop();
    }

    const ResponseRules &rules = m_profile.response;
    for (const QByteArray &name : rules.urlHeaders) {
        if (!headers.contains(name))
            continue;
        const QByteArray before = headers.value(name);
        const QByteArray after = rewriteUrl(before);
        if (after != before) {
            headers.set(name, after);
            qCDebug(lcRewrite) << "response:" << name << "now names the gateway";
        }
    }
    rewriteCookies(headers);
    for (const QByteArray &name : rules.dropHeaders) {
        if (headers.remove(name) > 0)
            qCDebug(lcRewrite) << "response: dropped" << name;
    }
    // Every profile: a BMC page may not widen a service worker's scope past its script's
    // path on the proxy's origin (where other BMCs' sessions may live).
    if (headers.remove("service-worker-allowed") > 0)
        qCDebug(lcRewrite) << "response: dropped Service-Worker-Allowed";

    Result result;
    result.why = bodyRefusal(head, result.decode);
    if (result.why.isEmpty()) {
        BodyRewriter body(BodyPatterns::build(m_context, m_profile.body));
        if (body.isEmpty()) {
            result.why = QByteArrayLiteral("no body patterns");
            result.decode.reset();
        } else {
            headers.remove("content-length");
            headers.remove("content-md5");
            head.framing = HttpBodyFraming{HttpBodyFraming::Kind::Chunked, 0};
            result.plan = BodyPlan::Rewrite;
            result.body.emplace(std::move(body));
            result.why = QByteArrayLiteral("rewrite");
            if (result.decode) {
                // Sent decoded: see the class comment.
                headers.remove("content-encoding");
                result.why += " (" + ContentDecoder::name(*result.decode) + " decoded)";
            }
        }
    } else if (result.decode) {
        // No body (HEAD, 304, empty): the head says what a GET's rewritten body would be,
        // uncompressed and (HEAD) of a length not known here.
        headers.remove("content-encoding");
        if (head.framing.kind == HttpBodyFraming::Kind::None && head.status != 304 &&
            head.status != 204)
            headers.remove("content-length");
        result.decode.reset();
    }
    qCDebug(lcRewrite) << "response" << head.status << "body:" << result.why;
    result.head = std::move(head);
    return result;
}

// Why the body of `head` passes through unchanged; empty when it is to be rewritten.
// DECODE is set when the body (or, without a body, the one it stands for) is a text
// type this profile rewrites, compressed with a coding ContentDecoder decodes.
QByteArray ResponseRewriter::bodyRefusal(const HttpResponseHead &head,
                                         std::optional<ContentDecoder::Coding> &decode) const {
    decode.reset();
    if (m_profile.body.literals.isEmpty())
        return QByteArrayLiteral("profile has no body rules");
    const QByteArray type = mediaType(head.headers.value("content-type"));
    const bool textType = m_profile.body.contentTypes.contains(type);
    const QByteArray encoding =
        trimOws(head.headers.combinedValue("content-encoding")).toByteArray();
    const bool encoded = !encoding.isEmpty() && !equalsIgnoreCase(encoding, "identity");
    if (encoded && textType)
        decode = ContentDecoder::codingOf(encoding);
    if (head.framing.kind == HttpBodyFraming::Kind::None || head.status < 200 ||
        head.status == 204 || head.status == 304 ||
        (head.framing.kind == HttpBodyFraming::Kind::Length && head.framing.length == 0))
        return QByteArrayLiteral("no body");
    if (head.status == 206) {
        decode.reset();
        return QByteArrayLiteral("partial content");
    }
    if (!textType)
        return QByteArrayLiteral("not a text type");
    if (encoded && !decode) {
        // RequestRewriter offers the BMC only codings we decode; this BMC ignored that.
        qCWarning(lcRewrite).noquote()
            << "response: a" << type << "body with Content-Encoding" << encoding
            << "cannot be decoded (gzip and deflate can); passed through without rewriting";
        return QByteArrayLiteral("content-encoded without a decoder (passed through unchanged)");
    }
    return {};
}

void ResponseRewriter::rewriteCookies(HttpHeaders &headers) const {
    if (!headers.contains("set-cookie"))
        return;
    HttpHeaders out;
    for (const HttpHeaders::Field &field : headers) {
        if (!equalsIgnoreCase(field.name, "set-cookie")) {
            out.append(field.name, field.value);
            continue;
        }
        if (CookieFilter::setCookieName(field.value) == m_context.gatewayCookie) {
            qCWarning(lcRewrite) << "response: the BMC tried to set the gateway's cookie; dropped";
            continue;
        }
        if (m_profile.response.hostOnlyCookies)
            out.append(field.name,
                       CookieFilter::rewriteSetCookie(field.value, m_context.publicSecure()));
        else
            out.append(field.name, field.value);
    }
    headers = out;
}

} // namespace pc
