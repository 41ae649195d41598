#include "config/targetpolicy.h"

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

} // namespace

TargetPolicy::TargetPolicy(GatewayConfig::Targets targets)
    : m_targets(std::move(targets)) {}

bool TargetPolicy::isAllowed(const QHostAddress &address) const {
    const QHostAddress a = normalized(address);
    if (a.isNull() || a == QHostAddress(QHostAddress::AnyIPv4) ||
        a == QHostAddress(QHostAddress::AnyIPv6) || a.isMulticast() || a.isBroadcast())
        return false;
    for (const Subnet &subnet : m_targets.allow) {
        if (subnet.contains(a))
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
