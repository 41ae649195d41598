#include "rewrite/requestrewriter.h"

#include "http/httpsyntax.h"
#include "rewrite/cookiefilter.h"
#include "rewrite/rewritelogging.h"

namespace pc {

namespace {

using httpsyntax::equalsIgnoreCase;
using httpsyntax::trimOws;

bool underAny(QByteArrayView path, const QList<QByteArray> &prefixes) {
    for (const QByteArray &prefix : prefixes) {
        if (path.startsWith(prefix))
            return true;
    }
    return false;
}

// An absolute-form target ("https://gw/x?y") as origin-form ("/x?y"); others unchanged.
QByteArray originForm(const QByteArray &target) {
    if (target.startsWith('/'))
        return target;
    const auto split = Endpoint::splitUrl(target);
    if (!split)
        return target;
    if (split->rest.startsWith('/'))
        return split->rest;
    return '/' + split->rest;
}

struct Coding {
    QByteArrayView name;
    bool refused = false; // q=0
};

Coding parseCoding(QByteArrayView element) {
    Coding coding;
    const qsizetype semi = element.indexOf(';');
    coding.name = trimOws(semi < 0 ? element : element.first(semi));
    if (semi < 0)
        return coding;
    for (const QByteArray &param : element.sliced(semi + 1).toByteArray().split(';')) {
        const QByteArrayView p = trimOws(param);
        if (p.size() > 2 && (p.startsWith("q=") || p.startsWith("Q="))) {
            bool ok = false;
            const double q = p.sliced(2).toDouble(&ok);
            coding.refused = ok && q <= 0.0;
        }
    }
    return coding;
}

bool isGzip(QByteArrayView name) {
    return equalsIgnoreCase(name, "gzip") || equalsIgnoreCase(name, "x-gzip");
}

// A coding ContentDecoder decodes, or none at all.
bool isDecodable(QByteArrayView name) {
    return isGzip(name) || equalsIgnoreCase(name, "deflate") || equalsIgnoreCase(name, "identity");
}

} // namespace

RequestRewriter::RequestRewriter(RewriteContext context, PlatformProfile profile)
    : m_context(std::move(context))
    , m_profile(std::move(profile)) {}

RequestRewriter::RequestRewriter(RewriteContext context)
    : RequestRewriter(context, PlatformProfile::forPlatform(context.platform)) {}

QByteArrayView RequestRewriter::pathOf(QByteArrayView target) {
    qsizetype end = target.size();
    for (const char stop : {'?', '#'}) {
        const qsizetype at = target.indexOf(stop);
        if (at >= 0 && at < end)
            end = at;
    }
    return target.first(end);
}

QByteArray RequestRewriter::acceptEncodingWithGzip(QByteArrayView value) {
    if (trimOws(value).isEmpty())
        return QByteArrayLiteral("gzip, deflate");
    QList<QByteArray> kept;
    for (const QByteArray &element : value.toByteArray().split(',')) {
        const QByteArrayView trimmed = trimOws(element);
        if (trimmed.isEmpty())
            continue;
        const Coding coding = parseCoding(trimmed);
        if (isGzip(coding.name) && !coding.refused)
            return value.toByteArray();
        if (!isGzip(coding.name))
            kept.append(trimmed.toByteArray());
    }
    kept.append(QByteArrayLiteral("gzip"));
    return kept.join(", ");
}

QByteArray RequestRewriter::acceptEncodingDecodable(QByteArrayView value) {
    QList<QByteArray> kept;
    bool acceptable = false;
    for (const QByteArray &element : value.toByteArray().split(',')) {
        const QByteArrayView trimmed = trimOws(element);
        if (trimmed.isEmpty())
            continue;
        const Coding coding = parseCoding(trimmed);
        if (!isDecodable(coding.name))
            continue; // br, zstd, compress, "*" ...
        kept.append(trimmed.toByteArray());
        acceptable = acceptable || !coding.refused;
    }
    if (!acceptable)
        kept.append(QByteArrayLiteral("identity"));
    return kept.join(", ");
}

HttpRequestHead RequestRewriter::rewrite(HttpRequestHead head) const {
    const bool upgrade = head.isWebSocketUpgrade();
    const QByteArray upgradeValue = head.upgradeProtocol();
    HttpHeaders &headers = head.headers;
    headers.removeHopByHop();
    if (upgrade) {
        headers.set(QByteArrayLiteral("Upgrade"), upgradeValue);
        headers.set(QByteArrayLiteral("Connection"), m_profile.request.upgradeConnection);
    }

    head.target = originForm(head.target);
    if (const qsizetype n = CookieFilter::removeCookie(headers, m_context.gatewayCookie))
        qCDebug(lcRewrite) << "request: removed the gateway cookie" << n << "time(s)";

    if (m_profile.request.addressBmc)
        addressBmc(headers);
    applyPathRules(headers, pathOf(head.target), upgrade);
    if (m_profile.request.forwardedHeaders)
        addForwarded(headers);
    return head;
}

void RequestRewriter::addressBmc(HttpHeaders &headers) const {
    const Endpoint &bmc = m_context.bmc;
    headers.set(QByteArrayLiteral("Host"), bmc.authority());

    // Origin: only the gateway's own origin is translated; a foreign one (or "null")
    // stays, so that the BMC's CSRF defence refuses it as it would without us.
    if (headers.contains("origin")) {
        const auto origin = Endpoint::fromOrigin(trimOws(headers.value("origin")));
        if (origin && origin->sameOrigin(m_context.publicSide))
            headers.set(QByteArrayLiteral("Origin"), bmc.origin());
        else
            qCDebug(lcRewrite) << "request: Origin is not the gateway's; left as sent";
    }

    // Referer: pages of the gateway become pages of the BMC; any other is dropped.
    if (headers.contains("referer")) {
        const auto split = Endpoint::splitUrl(trimOws(headers.value("referer")));
        if (split && split->endpoint.sameOrigin(m_context.publicSide)) {
            const QByteArray rest = split->rest.startsWith('/') ? split->rest : '/' + split->rest;
            headers.set(QByteArrayLiteral("Referer"), bmc.origin() + rest);
        } else {
            headers.remove("referer");
            qCDebug(lcRewrite) << "request: dropped a Referer naming another site";
        }
    }
}

void RequestRewriter::applyPathRules(HttpHeaders &headers, QByteArrayView path,
                                     bool upgrade) const {
    const RequestRules &rules = m_profile.request;
    for (const CookieToHeaderRule &rule : rules.cookieToHeader) {
        if (!underAny(path, rule.pathPrefixes) || headers.contains(rule.header))
            continue;
        const auto value = CookieFilter::cookieValue(headers, rule.cookie);
        if (value && !value->isEmpty() && httpsyntax::isFieldValue(*value)) {
            headers.append(rule.header, *value);
            qCDebug(lcRewrite) << "request: cookie" << rule.cookie << "copied to header"
                               << rule.header;
        }
    }
    // Profiles that rewrite bodies: the BMC may only pick a coding the gateway decodes.
    if (!m_profile.body.literals.isEmpty() && headers.contains("accept-encoding")) {
        const QByteArray current = headers.combinedValue("accept-encoding");
        const QByteArray narrowed = acceptEncodingDecodable(current);
        if (narrowed != current || headers.countOf("accept-encoding") != 1) {
            headers.set(QByteArrayLiteral("Accept-Encoding"), narrowed);
            qCDebug(lcRewrite) << "request: Accept-Encoding narrowed to codings we decode";
        }
    }
    if (underAny(path, rules.gzipPathPrefixes)) {
        const QByteArray current = headers.combinedValue("accept-encoding");
        const QByteArray wanted = acceptEncodingWithGzip(current);
        if (wanted != current || !headers.contains("accept-encoding")) {
            headers.set(QByteArrayLiteral("Accept-Encoding"), wanted);
            qCDebug(lcRewrite) << "request: Accept-Encoding made to include gzip";
        }
    }
    if (upgrade && !headers.contains("origin") && underAny(path, rules.originOnUpgradePrefixes)) {
        headers.set(QByteArrayLiteral("Origin"), m_context.bmc.origin());
        qCDebug(lcRewrite) << "request: Origin added to a console upgrade";
    }
}

void RequestRewriter::addForwarded(HttpHeaders &headers) const {
    if (!m_context.clientAddress.isEmpty()) {
        const QByteArray chain = trimOws(headers.combinedValue("x-forwarded-for")).toByteArray();
        headers.set(QByteArrayLiteral("X-Forwarded-For"),
                    chain.isEmpty() ? m_context.clientAddress
                                    : chain + ", " + m_context.clientAddress);
    }
    headers.set(QByteArrayLiteral("X-Forwarded-Proto"), m_context.publicSide.scheme());
    headers.set(QByteArrayLiteral("X-Forwarded-Host"), m_context.publicSide.authority());
}

} // namespace pc
