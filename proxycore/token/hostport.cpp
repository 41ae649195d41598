#include "token/hostport.h"

#include <QHostAddress>
#include <QStringList>

using namespace Qt::StringLiterals;

namespace pc {

namespace {

bool isDigits(QStringView text) {
    if (text.isEmpty())
        return false;
    for (QChar c : text) {
        if (c < u'0' || c > u'9')
            return false;
    }
    return true;
}

bool isIpv4(QStringView text) {
    const auto parts = text.split(u'.');
    if (parts.size() != 4)
        return false;
    for (QStringView part : parts) {
        if (!isDigits(part) || part.size() > 3 || (part.size() > 1 && part.front() == u'0'))
            return false;
        if (part.toInt() > 255)
            return false;
    }
    return true;
}

bool isIpv6(QStringView text) {
    if (!text.contains(u':') || text.contains(u'%'))
        return false;
    for (QChar c : text) {
        if (!(c.isDigit() || (c >= u'a' && c <= u'f') || (c >= u'A' && c <= u'F') || c == u':' ||
              c == u'.'))
            return false;
    }
    QHostAddress address;
    return address.setAddress(text.toString()) &&
           address.protocol() == QAbstractSocket::IPv6Protocol;
}

bool isNumericLabel(QStringView label) {
    if (isDigits(label))
        return true;
    if (label.size() > 2 && label[0] == u'0' && (label[1] == u'x' || label[1] == u'X')) {
        for (QChar c : label.sliced(2)) {
            if (!(c.isDigit() || (c.toLower() >= u'a' && c.toLower() <= u'f')))
                return false;
        }
        return true;
    }
    return false;
}

bool isLabel(QStringView label) {
    if (label.isEmpty() || label.size() > 63 || label.front() == u'-' || label.back() == u'-')
        return false;
    for (QChar c : label) {
        const bool ok = (c >= u'a' && c <= u'z') || (c >= u'A' && c <= u'Z') ||
                        (c >= u'0' && c <= u'9') || c == u'-' || c == u'_';
        if (!ok)
            return false;
    }
    return true;
}

Expected<quint16, TokenError> parsePort(QStringView text) {
    if (!isDigits(text) || text.size() > 5 || text.toInt() < 1 || text.toInt() > 65535)
        return tokenError(TokenErrorCode::BadClaimValue,
                          u"port must be a number from 1 to 65535"_s);
    return quint16(text.toInt());
}

Unexpected<TokenError> badHost() {
    return tokenError(TokenErrorCode::BadClaimValue, u"not a valid host name or IP address"_s);
}

} // namespace

bool HostPort::isIpLiteral(QStringView text) {
    return isIpv4(text) || isIpv6(text);
}

bool HostPort::isPlausibleHost(QStringView text) {
    if (isIpLiteral(text))
        return true;
    if (text.endsWith(u'.'))
        text.chop(1);
    if (text.isEmpty() || text.size() > 253)
        return false;
    const auto labels = text.split(u'.');
    for (QStringView label : labels) {
        if (!isLabel(label))
            return false;
    }
    return !isNumericLabel(labels.back());
}

bool HostPort::sameHost(QStringView a, QStringView b) {
    if (a.endsWith(u'.'))
        a.chop(1);
    if (b.endsWith(u'.'))
        b.chop(1);
    if (isIpv6(a) && isIpv6(b))
        return QHostAddress(a.toString()) == QHostAddress(b.toString());
    return a.compare(b, Qt::CaseInsensitive) == 0;
}

Expected<HostPort, TokenError> HostPort::parse(QStringView text, quint16 defaultPort) {
    HostPort result{QString(), defaultPort};
    QStringView host = text;
    if (text.startsWith(u'[')) {
        const qsizetype close = text.indexOf(u']');
        if (close < 0)
            return badHost();
        host = text.sliced(1, close - 1);
        const QStringView rest = text.sliced(close + 1);
        if (!isIpv6(host))
            return badHost();
        if (!rest.isEmpty()) {
            if (!rest.startsWith(u':'))
                return badHost();
            auto port = parsePort(rest.sliced(1));
            if (!port)
                return unexpected(port.error());
            result.port = *port;
        }
    } else if (text.count(u':') == 1) {
        const qsizetype colon = text.indexOf(u':');
        host = text.first(colon);
        auto port = parsePort(text.sliced(colon + 1));
        if (!port)
            return unexpected(port.error());
        result.port = *port;
        if (!isPlausibleHost(host) || isIpv6(host))
            return badHost();
    } else if (!isPlausibleHost(host)) {
        return badHost();
    }
    result.host = host.toString();
    return result;
}

QString HostPort::toString() const {
    const QString h = host.contains(u':') ? u"["_s + host + u"]"_s : host;
    return port == 443 ? h : h + u":"_s + QString::number(port);
}

} // namespace pc
