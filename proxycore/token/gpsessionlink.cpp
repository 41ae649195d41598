#include "token/gpsessionlink.h"

#include <QUrl>
#include <QUrlQuery>

using namespace Qt::StringLiterals;

namespace pc {

namespace {

const QString kExpected =
    u"expected pmproxy://gpsession?token=…, https://GATEWAY/gpsession?token=… or a bare token"_s;

Unexpected<TokenError> badLink(const QString &why) {
    return tokenError(TokenErrorCode::BadLink, why);
}

bool isBase64UrlChar(QChar c) {
    return (c >= u'A' && c <= u'Z') || (c >= u'a' && c <= u'z') || (c >= u'0' && c <= u'9') ||
           c == u'-' || c == u'_';
}

Expected<QString, TokenError> tokenFromQuery(const QUrl &url) {
    const QStringList values = QUrlQuery(url).allQueryItemValues(u"token"_s, QUrl::FullyDecoded);
    if (values.isEmpty())
        return badLink(u"the link has no token=… parameter"_s);
    if (values.size() > 1)
        return badLink(u"the link has more than one token=… parameter"_s);
    const QString token = values.constFirst().trimmed();
    if (!GpsessionLink::looksLikeJws(token))
        return badLink(u"the link's token is not a JWT (three base64url segments)"_s);
    return token;
}

} // namespace

bool GpsessionLink::looksLikeJws(QStringView text) {
    int dots = 0;
    qsizetype segmentStart = 0;
    for (qsizetype i = 0; i < text.size(); ++i) {
        const QChar c = text[i];
        if (c == u'.') {
            // Header and payload must be non-empty; the signature may be empty so that
            // an unsigned token reaches the verifier and is refused with alg_none.
            if (i == segmentStart || ++dots > 2)
                return false;
            segmentStart = i + 1;
        } else if (!isBase64UrlChar(c)) {
            return false;
        }
    }
    return dots == 2;
}

Expected<GpsessionLink, TokenError> GpsessionLink::parse(QStringView text) {
    const QStringView trimmed = text.trimmed();
    if (trimmed.isEmpty())
        return badLink(u"the link is empty: "_s + kExpected);
    if (trimmed.size() > MaxLinkSize)
        return badLink(u"the link is too long"_s);

    GpsessionLink link;
    if (looksLikeJws(trimmed)) {
        link.token = trimmed.toString();
        return link;
    }
    const qsizetype colon = trimmed.indexOf(u':');
    const QString scheme = colon > 0 ? trimmed.first(colon).toString().toLower() : QString();
    if (scheme == u"http")
        return badLink(u"http:// links are refused (the token would travel unencrypted): "_s +
                       kExpected);
    if (scheme != u"pmproxy" && scheme != u"https")
        return badLink(u"not a gpsession link: "_s + kExpected);

    const QUrl url(trimmed.toString(), QUrl::StrictMode);
    if (!url.isValid())
        return badLink(u"not a valid URL: "_s + kExpected);
    if (!url.userInfo().isEmpty())
        return badLink(u"links with a user name or password are refused"_s);
    if (scheme == u"pmproxy") {
        link.form = Form::Pmproxy;
        if (url.host() != u"gpsession" || url.port() != -1 ||
            (url.path() != u"" && url.path() != u"/"))
            return badLink(u"not a gpsession link: expected pmproxy://gpsession?token=…"_s);
    } else {
        link.form = Form::Https;
        if (url.host().isEmpty() || (url.path() != u"/gpsession" && url.path() != u"/gpsession/"))
            return badLink(u"not a gpsession link: expected https://GATEWAY/gpsession?token=…"_s);
        link.gatewayHost = url.host();
        link.gatewayPort = quint16(url.port(443));
    }
    auto token = tokenFromQuery(url);
    if (!token)
        return unexpected(token.error());
    link.token = *token;
    return link;
}

} // namespace pc
