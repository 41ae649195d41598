#include "config/subnet.h"

#include "config/ipliteral.h"

using namespace Qt::StringLiterals;

namespace gw {

pc::Expected<Subnet, QString> Subnet::parse(QStringView text) {
    const qsizetype slash = text.indexOf(u'/');
    const QStringView addressText = slash < 0 ? text : text.left(slash);
    const std::optional<QHostAddress> address = IpLiteral::parse(addressText);
    if (!address || !address->scopeId().isEmpty())
        return pc::unexpected(u"\""_s + text.toString() +
                              u"\" is not a network: expected CIDR such as \"10.0.0.0/8\", "
                              u"\"fd00::/8\" or a single address"_s);
    const bool v6 = address->protocol() == QAbstractSocket::IPv6Protocol;
    const int maxPrefix = v6 ? 128 : 32;
    int prefix = maxPrefix;
    if (slash >= 0) {
        const QStringView prefixText = text.mid(slash + 1);
        bool ok = !prefixText.isEmpty() && prefixText.size() <= 3;
        for (QChar c : prefixText)
            ok = ok && c >= u'0' && c <= u'9';
        prefix = ok ? prefixText.toInt() : -1;
        if (prefix < 0 || prefix > maxPrefix)
            return pc::unexpected(u"\""_s + text.toString() + u"\": prefix length must be 0.."_s +
                                  QString::number(maxPrefix));
    }
    Subnet subnet;
    subnet.network =
        QHostAddress::parseSubnet(address->toString() + u"/"_s + QString::number(prefix)).first;
    subnet.prefixLength = prefix;
    if (subnet.network != *address)
        return pc::unexpected(u"\""_s + text.toString() +
                              u"\" has host bits set; did you mean \""_s + address->toString() +
                              u"/"_s + QString::number(maxPrefix) + u"\" or \""_s +
                              subnet.toString() + u"\"?"_s);
    return subnet;
}

bool Subnet::contains(const QHostAddress &address) const {
    QHostAddress candidate = address;
    if (network.protocol() == QAbstractSocket::IPv4Protocol &&
        address.protocol() == QAbstractSocket::IPv6Protocol) {
        bool mapped = false;
        const quint32 v4 = address.toIPv4Address(&mapped);
        if (!mapped)
            return false;
        candidate = QHostAddress(v4);
    }
    return candidate.isInSubnet(network, prefixLength);
}

QString Subnet::toString() const {
    return network.toString() + u"/"_s + QString::number(prefixLength);
}

} // namespace gw
