#include "token/gpsessionclaims.h"

#include <QJsonArray>
#include <cmath>

using namespace Qt::StringLiterals;

namespace pc {

namespace {

Unexpected<TokenError> claimError(TokenErrorCode code, const QString &name, const QString &what) {
    return tokenError(code, u"claim \"%1\" %2"_s.arg(name, what));
}

// A NumericDate (RFC 7519 §2): a JSON number, possibly fractional (truncated).
Expected<std::optional<qint64>, TokenError> numericDate(const QJsonObject &claims,
                                                        const QString &name) {
    if (!claims.contains(name))
        return std::optional<qint64>();
    const QJsonValue value = claims.value(name);
    if (!value.isDouble())
        return claimError(TokenErrorCode::BadClaimType, name,
                          u"must be a number (seconds since the epoch)"_s);
    const double seconds = value.toDouble();
    if (!std::isfinite(seconds) || seconds < 0 || seconds > double(GpsessionClaims::MaxTime))
        return claimError(TokenErrorCode::BadClaimValue, name, u"is out of range"_s);
    return std::optional<qint64>(qint64(std::floor(seconds)));
}

Expected<QString, TokenError> optionalString(const QJsonObject &claims, const QString &name) {
    if (!claims.contains(name))
        return QString();
    if (!claims.value(name).isString())
        return claimError(TokenErrorCode::BadClaimType, name, u"must be a string"_s);
    return claims.value(name).toString();
}

Expected<QString, TokenError> requiredString(const QJsonObject &claims, const QString &name) {
    if (!claims.contains(name))
        return claimError(TokenErrorCode::MissingClaim, name, u"is required"_s);
    auto value = optionalString(claims, name);
    if (value && value->isEmpty())
        return claimError(TokenErrorCode::BadClaimValue, name, u"must not be empty"_s);
    return value;
}

Expected<QStringList, TokenError> audience(const QJsonObject &claims) {
    const QJsonValue aud = claims.value(u"aud"_s);
    if (aud.isUndefined())
        return QStringList();
    if (aud.isString())
        return QStringList{aud.toString()};
    if (!aud.isArray())
        return claimError(TokenErrorCode::BadClaimType, u"aud"_s,
                          u"must be a string or an array of strings"_s);
    QStringList list;
    for (const QJsonValue &item : aud.toArray()) {
        if (!item.isString())
            return claimError(TokenErrorCode::BadClaimType, u"aud"_s,
                              u"must be a string or an array of strings"_s);
        list << item.toString();
    }
    return list;
}

Expected<quint16, TokenError> bmcPort(const QJsonObject &claims) {
    if (!claims.contains(u"port"_s))
        return quint16(443);
    const QJsonValue value = claims.value(u"port"_s);
    if (!value.isDouble())
        return claimError(TokenErrorCode::BadClaimType, u"port"_s, u"must be a number"_s);
    const double port = value.toDouble();
    if (port != std::floor(port) || port < 1 || port > 65535)
        return claimError(TokenErrorCode::BadClaimValue, u"port"_s,
                          u"must be an integer from 1 to 65535"_s);
    return quint16(port);
}

// Collects the first error of a series of steps.
struct Collector {
    std::optional<TokenError> error;
    template <typename T> bool take(Expected<T, TokenError> result, T &target) {
        if (error)
            return false;
        if (!result) {
            error = result.error();
            return false;
        }
        target = std::move(result).value();
        return true;
    }
};

} // namespace

Expected<GpsessionClaims, TokenError> GpsessionClaims::fromJson(const QJsonObject &claims) {
    GpsessionClaims c;
    c.raw = claims;
    Collector r;
    std::optional<qint64> exp;
    QString upstream, platform;
    r.take(numericDate(claims, u"exp"_s), exp);
    r.take(numericDate(claims, u"nbf"_s), c.nbf);
    r.take(numericDate(claims, u"iat"_s), c.iat);
    r.take(requiredString(claims, u"ip"_s), c.ip);
    r.take(requiredString(claims, u"upstream"_s), upstream);
    r.take(bmcPort(claims), c.port);
    r.take(optionalString(claims, u"platform"_s), platform);
    r.take(optionalString(claims, u"agent"_s), c.agent);
    r.take(optionalString(claims, u"sub"_s), c.sub);
    r.take(optionalString(claims, u"jti"_s), c.jti);
    r.take(optionalString(claims, u"iss"_s), c.iss);
    r.take(audience(claims), c.aud);
    if (r.error)
        return unexpected(*r.error);
    if (!exp)
        return claimError(TokenErrorCode::MissingClaim, u"exp"_s, u"is required"_s);
    c.exp = *exp;
    if (!HostPort::isPlausibleHost(c.ip))
        return claimError(TokenErrorCode::BadClaimValue, u"ip"_s,
                          u"is not an IPv4/IPv6 address or host name"_s);
    auto hostPort = HostPort::parse(upstream);
    if (!hostPort)
        return claimError(TokenErrorCode::BadClaimValue, u"upstream"_s,
                          u"must be host or host:port: "_s + hostPort.error().message());
    c.upstream = *hostPort;
    if (claims.contains(u"platform"_s)) {
        const auto p = platformFromName(platform);
        if (!p)
            return claimError(TokenErrorCode::BadClaimValue, u"platform"_s,
                              u"must be one of idrac8, idrac9, ilo5, asrockrack, generic"_s);
        c.platform = *p;
    }
    return c;
}

QJsonObject GpsessionClaims::toJson() const {
    QJsonObject json = raw;
    json.insert(u"exp"_s, exp);
    if (nbf)
        json.insert(u"nbf"_s, *nbf);
    if (iat)
        json.insert(u"iat"_s, *iat);
    json.insert(u"ip"_s, ip);
    json.insert(u"upstream"_s, upstream.toString());
    json.insert(u"port"_s, int(port));
    json.insert(u"platform"_s, platformName(platform));
    const std::pair<QString, QString> strings[] = {
        {u"agent"_s, agent}, {u"sub"_s, sub}, {u"jti"_s, jti}, {u"iss"_s, iss}};
    for (const auto &[name, value] : strings) {
        if (!value.isEmpty())
            json.insert(name, value);
    }
    if (aud.size() == 1)
        json.insert(u"aud"_s, aud.constFirst());
    else if (aud.size() > 1)
        json.insert(u"aud"_s, QJsonArray::fromStringList(aud));
    return json;
}

} // namespace pc
