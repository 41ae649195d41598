#pragma once

#include "rewrite/endpoint.h"
#include "rewrite/rewriteerror.h"
#include "token/platform.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QStringView>

namespace pc {

// Where one proxied exchange comes from and goes to.
//
// Public side: the origin the user's browser believes it talks to, built from the
// incoming Host header and whether the listener is TLS (gatewayd: https; the app's
// loopback proxy: http). BMC side: the token's `ip`, `port` and `platform`; the gateway
// always speaks https to the BMC. The client address feeds X-Forwarded-For.
struct RewriteContext {
    Endpoint publicSide; // "https"/"http", host and port as in the browser's Host
    Endpoint bmc;        // "https", the BMC's host and port
    Platform platform = Platform::Generic;
    QByteArray clientAddress; // e.g. "203.0.113.9" or "2001:db8::1"; may be empty
    // The gateway's own session cookie (PRODUCT.md §5): never forwarded to a BMC, and a
    // BMC may not set it.
    QByteArray gatewayCookie = QByteArrayLiteral("pm-session");

    // Refuses (code "bad_host") a missing or malformed Host header, and (code
    // "bad_target") a BMC host that is not an IP literal or plausible host name.
    // An IPv4-mapped IPv6 client address is written as IPv4.
    static Expected<RewriteContext, RewriteError> create(QByteArrayView hostHeader,
                                                         bool publicSecure, QStringView bmcHost,
                                                         quint16 bmcPort, Platform platform,
                                                         QByteArrayView clientAddress = {});

    bool publicSecure() const { return publicSide.isSecure(); }
};

} // namespace pc
