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
    result.why = bodyRefusal(head);
    if (result.why.isEmpty()) {
        BodyRewriter body(BodyPatterns::build(m_context, m_profile.body));
        if (body.isEmpty()) {
            result.why = QByteArrayLiteral("no body patterns");
        } else {
            headers.remove("content-length");
            headers.remove("content-md5");
            head.framing = HttpBodyFraming{HttpBodyFraming::Kind::Chunked, 0};
            result.plan = BodyPlan::Rewrite;
            result.body.emplace(std::move(body));
            result.why = QByteArrayLiteral("rewrite");
        }
    }
    qCDebug(lcRewrite) << "response" << head.status << "body:" << result.why;
    result.head = std::move(head);
    return result;
}

// Why the body of `head` passes through unchanged; empty when it is to be rewritten.
QByteArray ResponseRewriter::bodyRefusal(const HttpResponseHead &head) const {
    if (m_profile.body.literals.isEmpty())
        return QByteArrayLiteral("profile has no body rules");
    if (head.framing.kind == HttpBodyFraming::Kind::None || head.status < 200 ||
        head.status == 204 || head.status == 304 ||
        (head.framing.kind == HttpBodyFraming::Kind::Length && head.framing.length == 0))
        return QByteArrayLiteral("no body");
    if (head.status == 206)
        return QByteArrayLiteral("partial content");
    const QByteArray encoding =
        trimOws(head.headers.combinedValue("content-encoding")).toByteArray();
    if (!encoding.isEmpty() && !equalsIgnoreCase(encoding, "identity"))
        return QByteArrayLiteral("content-encoded (passed through unchanged)");
    if (!m_profile.body.contentTypes.contains(mediaType(head.headers.value("content-type"))))
        return QByteArrayLiteral("not a text type");
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
