#pragma once

#include "token/hostport.h"
#include "token/platform.h"
#include "token/tokenerror.h"

#include <QJsonObject>
#include <QString>
#include <QStringList>
#include <optional>

namespace pc {

// The claims of a gpsession token (PRODUCT.md §2), typed and validated.
struct GpsessionClaims {
    QString ip;        // the BMC: IPv4, IPv6 or host name (required)
    HostPort upstream; // the gateway (required); port defaults to 443
    quint16 port = 443;
    Platform platform = Platform::Generic;
    QString agent;
    QString sub;
    QString jti;
    QString iss;
    QStringList aud; // "aud" may be one string or an array of strings
    qint64 exp = 0;  // required
    std::optional<qint64> nbf;
    std::optional<qint64> iat;
    // Every claim as received, including ones not modelled above; toJson() keeps the
    // members of `raw` it does not overwrite, so extra claims survive minting.
    QJsonObject raw;

    // Types and values, no time checks (TokenVerifier does those). Codes: missing_claim,
    // bad_claim_type (e.g. "exp":"123"), bad_claim_value (e.g. port 0, unknown platform).
    static Expected<GpsessionClaims, TokenError> fromJson(const QJsonObject &claims);
    // For minting: `raw` with the typed fields written over it (port and platform
    // always written; nbf, iat, agent, sub, jti, iss, aud when set).
    QJsonObject toJson() const;

    // Numeric dates are seconds since the epoch within [0, year 9999].
    static constexpr qint64 MaxTime = 253402300799;
};

} // namespace pc
