#include "rewrite/endpoint.h"

#include "http/httpsyntax.h"
#include "token/hostport.h"

#include <QHostAddress>

namespace pc {

namespace {

bool isKnownScheme(QByteArrayView scheme) {
    return Endpoint::defaultPort(scheme) != 0;
}

QByteArrayView withoutTrailingDot(QByteArrayView host) {
    return host.endsWith('.') ? host.chopped(1) : host;
}

} // namespace

std::optional<quint16> Endpoint::parsePort(QByteArrayView text) {
    if (text.isEmpty() || text.size() > 5)
        return std::nullopt;
    quint32 value = 0;
    for (char c : text) {
        if (!httpsyntax::isDigit(c))
            return std::nullopt;
        value = value * 10 + quint32(c - '0');
    }
    if (value == 0 || value > 65535)
        return std::nullopt;
    return quint16(value);
}

Endpoint::Endpoint(QByteArray scheme, QByteArray host, quint16 port)
    : m_scheme(httpsyntax::toLowerAscii(scheme))
    , m_host(std::move(host))
    , m_port(port) {
    if (m_host.startsWith('[') && m_host.endsWith(']'))
        m_host = m_host.mid(1, m_host.size() - 2);
}

quint16 Endpoint::defaultPort(QByteArrayView scheme) {
    if (httpsyntax::equalsIgnoreCase(scheme, "https") ||
        httpsyntax::equalsIgnoreCase(scheme, "wss"))
        return 443;
    if (httpsyntax::equalsIgnoreCase(scheme, "http") || httpsyntax::equalsIgnoreCase(scheme, "ws"))
        return 80;
    return 0;
}

std::optional<Endpoint> Endpoint::fromAuthority(QByteArrayView authority, QByteArrayView scheme) {
    const quint16 fallback = defaultPort(scheme);
    if (fallback == 0 || authority.isEmpty())
        return std::nullopt;
    QByteArrayView host;
    QByteArrayView portText;
    bool hasPort = false;
    if (authority.startsWith('[')) {
        const qsizetype close = authority.indexOf(']');
        if (close < 0)
            return std::nullopt;
        host = authority.sliced(1, close - 1);
        const QByteArrayView after = authority.sliced(close + 1);
        if (!after.isEmpty()) {
            if (!after.startsWith(':'))
                return std::nullopt;
            hasPort = true;
            portText = after.sliced(1);
        }
        // IPv6 only (no zone id, no IPvFuture).
        QHostAddress address;
        if (!host.contains(':') || host.contains('%') ||
            !address.setAddress(QString::fromLatin1(host)) ||
            address.protocol() != QAbstractSocket::IPv6Protocol)
            return std::nullopt;
    } else {
        const qsizetype colon = authority.indexOf(':');
        host = colon < 0 ? authority : authority.first(colon);
        if (colon >= 0) {
            hasPort = true;
            portText = authority.sliced(colon + 1);
        }
        if (!HostPort::isPlausibleHost(QString::fromLatin1(host)))
            return std::nullopt;
    }
    quint16 port = fallback;
    if (hasPort) {
        const auto parsed = parsePort(portText);
        if (!parsed)
            return std::nullopt;
        port = *parsed;
    }
    return Endpoint(scheme.toByteArray(), host.toByteArray(), port);
}

std::optional<Endpoint> Endpoint::fromOrigin(QByteArrayView origin) {
    const auto split = splitUrl(origin);
    if (!split || !split->rest.isEmpty())
        return std::nullopt;
    return split->endpoint;
}

std::optional<Endpoint::SplitUrl> Endpoint::splitUrl(QByteArrayView url) {
    const qsizetype sep = url.indexOf("://");
    if (sep <= 0)
        return std::nullopt;
    const QByteArrayView scheme = url.first(sep);
    if (!isKnownScheme(scheme))
        return std::nullopt;
    const QByteArrayView afterScheme = url.sliced(sep + 3);
    qsizetype end = afterScheme.size();
    for (const char stop : {'/', '?', '#'}) {
        const qsizetype at = afterScheme.indexOf(stop);
        if (at >= 0 && at < end)
            end = at;
    }
    const auto endpoint = fromAuthority(afterScheme.first(end), scheme);
    if (!endpoint)
        return std::nullopt;
    return SplitUrl{*endpoint, afterScheme.sliced(end).toByteArray()};
}

QByteArray Endpoint::host() const {
    return isIpv6() ? '[' + m_host + ']' : m_host;
}

QByteArray Endpoint::authority() const {
    if (m_port == defaultPort(m_scheme))
        return host();
    return authorityWithPort();
}

QByteArray Endpoint::authorityWithPort() const {
    return host() + ':' + QByteArray::number(m_port);
}

QByteArray Endpoint::origin() const {
    return m_scheme + "://" + authority();
}

Endpoint Endpoint::withScheme(QByteArray scheme) const {
    return Endpoint(std::move(scheme), m_host, m_port);
}

bool Endpoint::sameHost(QByteArrayView bareHost) const {
    if (bareHost.startsWith('[') && bareHost.endsWith(']'))
        bareHost = bareHost.sliced(1, bareHost.size() - 2);
    if (isIpv6() || bareHost.contains(':')) {
        const QHostAddress mine(QString::fromLatin1(m_host));
        const QHostAddress theirs(QString::fromLatin1(bareHost));
        return !mine.isNull() && mine.isEqual(theirs, QHostAddress::StrictConversion);
    }
    return httpsyntax::equalsIgnoreCase(withoutTrailingDot(m_host), withoutTrailingDot(bareHost));
}

bool Endpoint::sameHost(const Endpoint &other) const {
    return sameHost(other.m_host);
}

bool Endpoint::sameOrigin(const Endpoint &other) const {
    return m_scheme == other.m_scheme && m_port == other.m_port && sameHost(other);
}

} // namespace pc
