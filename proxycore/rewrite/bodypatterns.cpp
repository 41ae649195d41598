#include "rewrite/bodypatterns.h"

#include "http/httpsyntax.h"

#include <QHostAddress>

namespace pc {

namespace {

const QByteArray kDigits = QByteArrayLiteral("0123456789");
// Characters that may continue a host name, an IPv4/IPv6 literal or a port after it.
const QByteArray kHostContinuation =
    QByteArrayLiteral("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789.-_:");
// Characters that make "ip=" or "kvmport=" the tail of a longer parameter name.
const QByteArray kNameContinuation =
    QByteArrayLiteral("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789.-_");

// The spellings of the BMC's host a page may use, without brackets.
QList<QByteArray> hostSpellings(const Endpoint &bmc) {
    QList<QByteArray> out{bmc.bareHost()};
    const auto add = [&out](const QByteArray &spelling) {
        if (!spelling.isEmpty() && !out.contains(spelling))
            out.append(spelling);
    };
    add(httpsyntax::toLowerAscii(bmc.bareHost()));
    if (bmc.isIpv6())
        add(QHostAddress(QString::fromLatin1(bmc.bareHost())).toString().toLatin1());
    return out;
}

QByteArray inUrl(const QByteArray &bareHost) {
    return bareHost.contains(':') ? '[' + bareHost + ']' : bareHost;
}

QByteArray jsonEscaped(QByteArray text) {
    return text.replace("//", "\\/\\/");
}

// scheme://H:P always; scheme://H too when P is the scheme's default.
void addOrigins(QList<BodyRewriter::Replacement> &out, const RewriteContext &context,
                const QByteArray &bmcScheme, const QByteArray &publicScheme, bool escaped) {
    const QByteArray to = context.publicSide.withScheme(publicScheme).origin();
    const quint16 port = context.bmc.port();
    for (const QByteArray &host : hostSpellings(context.bmc)) {
        const QByteArray base = bmcScheme + "://" + inUrl(host);
        QList<BodyRewriter::Replacement> forms{
            {base + ':' + QByteArray::number(port), to, {}, kDigits}};
        if (port == Endpoint::defaultPort(bmcScheme))
            forms.append({base, to, {}, kHostContinuation});
        for (BodyRewriter::Replacement &r : forms) {
            if (escaped) {
                r.from = jsonEscaped(r.from);
                r.to = jsonEscaped(r.to);
            }
            out.append(r);
        }
    }
}

} // namespace

QList<BodyRewriter::Replacement> BodyPatterns::build(const RewriteContext &context,
                                                     const BodyRules &rules) {
    QList<BodyRewriter::Replacement> out;
    const bool secure = context.publicSecure();
    const QByteArray httpScheme = secure ? "https" : "http";
    const QByteArray wsScheme = secure ? "wss" : "ws";
    for (const BodyLiteral literal : rules.literals) {
        switch (literal) {
        case BodyLiteral::HttpsOrigin:
            addOrigins(out, context, "https", httpScheme, false);
            break;
        case BodyLiteral::WssOrigin:
            addOrigins(out, context, "wss", wsScheme, false);
            break;
        case BodyLiteral::JsonEscapedOrigins:
            addOrigins(out, context, "https", httpScheme, true);
            addOrigins(out, context, "wss", wsScheme, true);
            break;
        case BodyLiteral::ConsoleIpParam:
            for (const QByteArray &host : hostSpellings(context.bmc)) {
                const QByteArray to = "ip=" + context.publicSide.host();
                out.append({"ip=" + host, to, kNameContinuation, kHostContinuation});
                if (host.contains(':'))
                    out.append({"ip=" + inUrl(host), to, kNameContinuation, kHostContinuation});
            }
            break;
        case BodyLiteral::ConsolePortParam:
            out.append({"kvmport=" + QByteArray::number(context.bmc.port()),
                        "kvmport=" + QByteArray::number(context.publicSide.port()),
                        kNameContinuation, kDigits});
            break;
        }
    }
    return out;
}

} // namespace pc
