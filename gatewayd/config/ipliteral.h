#pragma once

#include <QHostAddress>
#include <QStringView>
#include <optional>

namespace gw {

// Strict IP address literals. QHostAddress alone also takes inet_aton forms ("10.1" is
// 10.0.0.1, "010.0.0.1" is octal 8.0.0.1, "0x7f.1" is 127.0.0.1) and surrounding
// blanks; an address that means something other than it reads is a hole in an allow
// list, so IPv4 must be four decimal octets without leading zeros. IPv6 is whatever
// QHostAddress parses, including a "%scope" suffix.
//
// For the proxy author: parse a token's `ip` claim with this too; if it is not a
// literal it is a host name, which must be resolved and *every* resolved address
// checked with TargetPolicy::isAllowed (refuse if any one is outside targets.allow),
// then connect only to an address that was checked (no second lookup: DNS rebinding).
class IpLiteral {
public:
    static std::optional<QHostAddress> parse(QStringView text);
};

} // namespace gw
