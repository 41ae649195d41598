#include "config/targetpolicy.h"

#include <QNetworkInterface>
#include <utility>

namespace gw {

namespace {

// ::ffff:a.b.c.d as a.b.c.d, so pins and refusals see one form.
QHostAddress normalized(const QHostAddress &address) {
    if (address.protocol() == QAbstractSocket::IPv6Protocol) {
        bool mapped = false;
        const quint32 v4 = address.toIPv4Address(&mapped);
        if (mapped)
            return QHostAddress(v4);
    }
    return address;
}

// Ranges a broad allow entry must not open by accident (see isAllowed()).
const QList<Subnet> &guardedRanges() {
    static const QList<Subnet> ranges = [] {
        QList<Subnet> list;
        for (const char16_t *cidr : {u"127.0.0.0/8", u"::1/128", u"169.254.0.0/16", u"fe80::/10"})
            list << Subnet::parse(QStringView(cidr)).value();
        return list;
    }();
    return ranges;
}

// Whether SUBNET lies wholly inside RANGE (same family, at least as long a prefix).
bool within(const Subnet &subnet, const Subnet &range) {
    return subnet.network.protocol() == range.network.protocol() &&
           subnet.prefixLength >= range.prefixLength && range.contains(subnet.network);
}

bool isHost(const Subnet &subnet, const QHostAddress &address) {
    const int full = subnet.network.protocol() == QAbstractSocket::IPv6Protocol ? 128 : 32;
    return subnet.prefixLength == full && subnet.contains(address);
}

} // namespace

TargetPolicy::TargetPolicy(GatewayConfig::Targets targets, QList<QHostAddress> own)
    : m_targets(std::move(targets)) {
    for (const QHostAddress &address : own) {
        QHostAddress a = normalized(address);
        a.setScopeId(QString());
        if (!a.isLoopback() && !m_own.contains(a))
            m_own << a;
    }
}

TargetPolicy TargetPolicy::forThisHost(GatewayConfig::Targets targets) {
    return TargetPolicy(std::move(targets), QNetworkInterface::allAddresses());
}

bool TargetPolicy::isAllowed(const QHostAddress &address) const {
    QHostAddress a = normalized(address);
    a.setScopeId(QString());
    const bool unspecified = a.protocol() == QAbstractSocket::IPv4Protocol
                                 ? a.isInSubnet(QHostAddress(QHostAddress::AnyIPv4), 8)
                                 : a == QHostAddress(QHostAddress::AnyIPv6);
    if (a.isNull() || unspecified || a.isMulticast() || a.isBroadcast())
        return false;
    // The guarded class the address falls in, if any: then only an explicit entry counts.
    const Subnet *guard = nullptr;
    for (const Subnet &range : guardedRanges()) {
        if (range.contains(a))
            guard = &range;
    }
    const bool own = m_own.contains(a);
    for (const Subnet &subnet : m_targets.allow) {
        if (!subnet.contains(a))
            continue;
        if (guard && !within(subnet, *guard))
            continue;
        if (own && !isHost(subnet, a))
            continue;
        return true;
    }
    return false;
}

std::optional<QByteArray> TargetPolicy::pinFor(const QHostAddress &address, quint16 port) const {
    const QHostAddress a = normalized(address);
    std::optional<QByteArray> addressPin;
    for (const GatewayConfig::TargetPin &pin : m_targets.pins) {
        if (normalized(pin.target.address) != a)
            continue;
        if (pin.target.port == port)
            return pin.sha256;
        if (!pin.target.port)
            addressPin = pin.sha256;
    }
    return addressPin;
}

TargetPolicy::TlsCheck TargetPolicy::tlsCheckFor(const QHostAddress &address, quint16 port) const {
    if (pinFor(address, port))
        return TlsCheck::Pinned;
    return m_targets.verifyTls ? TlsCheck::SystemTrust : TlsCheck::None;
}

} // namespace gw
