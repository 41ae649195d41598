#pragma once

#include "util/expected.h"

#include <QHostAddress>
#include <QString>
#include <QStringView>

namespace gw {

// A network in CIDR notation, IPv4 or IPv6. A bare address is a /32 or /128.
// Parsing is strict where QHostAddress::parseSubnet is lenient: "10.1" (which Qt reads
// as 10.1.0.0/16), octal octets and a network with host bits set ("10.0.0.1/8", most
// likely a typo for /32 or for 10.0.0.0/8) are errors.
class Subnet {
public:
    // The error is a problem description for ConfigError (no key).
    static pc::Expected<Subnet, QString> parse(QStringView text);

    // An IPv4-mapped IPv6 address (::ffff:10.0.0.1) matches as the IPv4 address it is.
    bool contains(const QHostAddress &address) const;
    // "10.0.0.0/8", "fd00::/8", "10.0.0.7/32".
    QString toString() const;

    QHostAddress network;
    int prefixLength = 0;

    bool operator==(const Subnet &) const = default;
};

} // namespace gw
