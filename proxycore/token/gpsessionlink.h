#pragma once

#include "token/tokenerror.h"

#include <QString>
#include <QStringView>

namespace pc {

// A deep link carrying a gpsession token (PRODUCT.md §2), in one of three forms:
// pmproxy://gpsession?token=JWT, https://GATEWAY[:PORT]/gpsession?token=JWT, bare JWT.
struct GpsessionLink {
    enum class Form { Pmproxy, Https, Bare };

    Form form = Form::Bare;
    QString token;       // percent-decoded; has the shape of a JWS (not verified)
    QString gatewayHost; // https form only
    quint16 gatewayPort = 443;

    // Surrounding whitespace is ignored; errors are bad_link with a message saying what
    // was expected. The token's shape is checked, never its signature.
    static Expected<GpsessionLink, TokenError> parse(QStringView text);
    // Three '.'-separated base64url segments; header and payload non-empty.
    static bool looksLikeJws(QStringView text);

    static constexpr qsizetype MaxLinkSize = 64 * 1024;
};

} // namespace pc
