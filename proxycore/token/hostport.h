#pragma once

#include "token/tokenerror.h"

#include <QString>
#include <QStringView>

namespace pc {

// A host and a port, as in the token's "upstream" claim: "host", "host:port",
// "[v6]" or "[v6]:port" (a bare IPv6 literal is accepted too, without a port).
struct HostPort {
    QString host; // without brackets for IPv6
    quint16 port = 443;

    static Expected<HostPort, TokenError> parse(QStringView text, quint16 defaultPort = 443);
    // "host" when the port is 443, else "host:port"; IPv6 literals in brackets.
    QString toString() const;

    // A strict IPv4 dotted quad (no leading zeros, no short forms like "127.1") or an
    // IPv6 literal without zone id.
    static bool isIpLiteral(QStringView text);
    // An IP literal as above, or a DNS name: ASCII labels of letters, digits, '-' and
    // '_' (1-63 chars, no leading/trailing '-'), at most 253 chars, optional final dot,
    // and a last label that is not numeric (so "127.1" or "0x7f.1", which resolvers
    // would read as addresses, are refused rather than treated as names).
    static bool isPlausibleHost(QStringView text);
    // Case-insensitive, ignoring a trailing dot (for the gateway-name check).
    static bool sameHost(QStringView a, QStringView b);
};

} // namespace pc
