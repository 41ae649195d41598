#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <optional>

namespace pc {

// One side of the proxy as a URL origin: scheme, host and port (RFC 6454). Parses and
// writes origins, authorities and the origin part of absolute URLs byte for byte (no
// QUrl: it would re-encode paths and queries, and the rewriter must keep them exactly).
class Endpoint {
public:
    // A URL split after its authority: "https://h:1/x?y" → endpoint + "/x?y".
    struct SplitUrl;

    Endpoint() = default;
    // `host` as written in a URL or without brackets for IPv6; not validated (use the
    // parsers for untrusted input).
    Endpoint(QByteArray scheme, QByteArray host, quint16 port);

    // "host", "host:port", "[v6]" or "[v6]:port"; a missing port is the scheme's
    // default. Host names and IPv4 must be plausible (HostPort::isPlausibleHost), IPv6
    // only in brackets, no user info, no empty port, port 1..65535.
    static std::optional<Endpoint> fromAuthority(QByteArrayView authority, QByteArrayView scheme);
    // "scheme://authority" and nothing more (the Origin header); scheme http(s)/ws(s).
    static std::optional<Endpoint> fromOrigin(QByteArrayView origin);
    // "scheme://authority" followed by nothing or by "/", "?" or "#".
    static std::optional<SplitUrl> splitUrl(QByteArrayView url);

    // 1..65535 in decimal, at most five digits, nothing else (no sign, no spaces).
    static std::optional<quint16> parsePort(QByteArrayView text);
    // 443 for https and wss, 80 for http and ws, 0 for anything else.
    static quint16 defaultPort(QByteArrayView scheme);

    bool isValid() const { return !m_host.isEmpty(); }
    const QByteArray &scheme() const { return m_scheme; }
    // As in a URL: IPv6 in brackets.
    QByteArray host() const;
    // Without brackets.
    const QByteArray &bareHost() const { return m_host; }
    bool isIpv6() const { return m_host.contains(':'); }
    quint16 port() const { return m_port; }
    bool isSecure() const { return m_scheme == "https" || m_scheme == "wss"; }

    // host[:port], the port left out when it is the scheme's default (what browsers
    // send as Host and put in Origin).
    QByteArray authority() const;
    // host:port, always with the port.
    QByteArray authorityWithPort() const;
    // scheme://authority
    QByteArray origin() const;
    // The same endpoint under another scheme (e.g. "wss" for an "https" endpoint).
    Endpoint withScheme(QByteArray scheme) const;

    // Host names compare ASCII case-insensitively, ignoring one trailing dot; IPv6 by
    // address, so "[FD00::5]" and "[fd00:0::5]" are the same host.
    bool sameHost(const Endpoint &other) const;
    bool sameHost(QByteArrayView bareHost) const;
    // Same scheme (case-insensitive), host and port.
    bool sameOrigin(const Endpoint &other) const;

private:
    QByteArray m_scheme;
    QByteArray m_host; // lowercase scheme; host as given, without brackets
    quint16 m_port = 0;
};

struct Endpoint::SplitUrl {
    Endpoint endpoint;
    QByteArray rest; // "", "/path?query#fragment", "?q" or "#f", byte for byte
};

} // namespace pc
