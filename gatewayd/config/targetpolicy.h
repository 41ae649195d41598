#pragma once

#include "config/gatewayconfig.h"

#include <QByteArray>
#include <QHostAddress>
#include <QList>
#include <optional>

namespace gw {

// Where tokens may send the gateway (targets.allow) and how to check a BMC's
// certificate (targets.pins, targets.verifyTls). Built from the active configuration.
//
// For the proxy author: a token's `ip` claim must be parsed with IpLiteral::parse
// (never QHostAddress alone: it reads "010.0.0.1" as octal). A host name must be
// resolved and *every* resolved address checked here; refuse the token if any one is
// refused, and connect only to a checked address (no second lookup, which DNS
// rebinding could answer differently).
class TargetPolicy {
public:
    enum class TlsCheck { None, SystemTrust, Pinned };

    // OWN: the gateway's own addresses (its interfaces'), guarded like loopback.
    explicit TargetPolicy(GatewayConfig::Targets targets, QList<QHostAddress> own = {});
    // The policy for this machine: OWN read from its network interfaces now.
    static TargetPolicy forThisHost(GatewayConfig::Targets targets);

    // True when `address` lies in one of targets.allow. The unspecified network
    // (0.0.0.0/8, ::, which reach the gateway itself), multicast and the IPv4 broadcast
    // address are refused whatever the list says. Loopback (127.0.0.0/8, ::1), link-local
    // (169.254.0.0/16, fe80::/10: cloud metadata services live there) and the gateway's own
    // addresses are refused even inside a broad entry such as 0.0.0.0/0 or 10.0.0.0/8; only
    // an entry that names them explicitly lets them through: one lying wholly inside
    // loopback or link-local ("127.0.0.0/8", "169.254.10.0/24"), or for an own address that
    // very address ("10.0.0.1/32"). IPv4-mapped IPv6 counts as IPv4.
    bool isAllowed(const QHostAddress &address) const;

    // The pinned SHA-256 certificate fingerprint (32 bytes) for this target: the
    // "ip:port" pin if there is one, else the "ip" pin.
    std::optional<QByteArray> pinFor(const QHostAddress &address, quint16 port) const;

    // Pinned when pinFor() has a pin, SystemTrust when targets.verifyTls, else None.
    TlsCheck tlsCheckFor(const QHostAddress &address, quint16 port) const;

private:
    GatewayConfig::Targets m_targets;
    QList<QHostAddress> m_own;
};

} // namespace gw
