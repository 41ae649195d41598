#include "config/ipliteral.h"

#include <QRegularExpression>

using namespace Qt::StringLiterals;

namespace gw {

std::optional<QHostAddress> IpLiteral::parse(QStringView text) {
    static const QRegularExpression ipv4(
        uR"(^(0|[1-9][0-9]{0,2})\.(0|[1-9][0-9]{0,2})\.(0|[1-9][0-9]{0,2})\.(0|[1-9][0-9]{0,2})$)"_s);
    static const QRegularExpression ipv6Chars(uR"(^[0-9A-Fa-f:.]+(%[A-Za-z0-9_.-]+)?$)"_s);

    const bool looksV6 = text.contains(u':');
    if (looksV6 ? !ipv6Chars.match(text.toString()).hasMatch()
                : !ipv4.match(text.toString()).hasMatch())
        return std::nullopt;
    QHostAddress address;
    if (!address.setAddress(text.toString()))
        return std::nullopt;
    const auto expected = looksV6 ? QAbstractSocket::IPv6Protocol : QAbstractSocket::IPv4Protocol;
    if (address.protocol() != expected)
        return std::nullopt;
    return address;
}

} // namespace gw
