#pragma once

#include <QByteArray>
#include <QHostAddress>
#include <QString>

namespace pc {

// How the BMC's TLS certificate is checked. BMCs present self-signed certificates as
// the norm, so "None" is a deliberate, configured choice (targets.verifyTls false);
// "Pinned" compares the leaf certificate's SHA-256 with a configured fingerprint.
struct UpstreamTls {
    enum class Mode { None, SystemTrust, Pinned };
    Mode mode = Mode::None;
    QByteArray sha256; // 32 raw bytes, Pinned only
};

// One BMC endpoint: the address already checked against the allow list (never
// resolved again), the name to present (SNI, Host), the port and the TLS policy. A BMC
// reached through an agent names the agent; the agent resolves and checks the name
// against its own --allow (docs/agents-protocol.md), so the address may be null then.
struct UpstreamTarget {
    QHostAddress address;
    QString hostName; // what the token said: an IP literal or a host name
    quint16 port = 443;
    UpstreamTls tls;
    // No TLS at all, tls ignored: an agent's `Pm-Tls: plain` or its http --publish
    // service (docs/agents-protocol.md). Never set for a BMC the gateway connects to.
    bool plain = false;
    QString agent; // the agent's id, or empty: connected from this host

    // "10.0.0.5:443", "[fd00::5]:443": for messages and as the pool key.
    QString authority() const;
    QString poolKey() const;
};

} // namespace pc
