#pragma once

#include "config/hostport.h"
#include "config/subnet.h"

#include <QByteArray>
#include <QList>
#include <QString>
#include <QStringList>
#include <optional>

namespace gw {

// gatewayd's configuration: a plain value, produced by ConfigLoader (which validates
// everything) and turned back into the same JSON shape by ConfigWriter.
//
// Keys of PRODUCT.md §4 are stable: name, listen.public, listen.api, tls.cert, tls.key,
// auth.keys[] {kid, alg, secretFile | publicKeyFile | jwksFile}, auth.leewaySeconds,
// auth.requireUpstreamMatch, auth.revokedJti, api.tokenFile, targets.allow,
// targets.verifyTls, agents[] {id, secretFile}, accounting.database,
// accounting.retentionHours.
//
// Our additions (not stable; defaults in brackets):
//   targets.pins                 {}     target "ip" or "ip:port" -> SHA-256 fingerprint of
//                                       the BMC's certificate (hex, colons optional); a
//                                       pinned target is verified against its pin, whatever
//                                       targets.verifyTls says. "ip:port" wins over "ip".
//   upstream.connectTimeoutMs    10000  TCP + TLS connect to a BMC, 1..600000
//   upstream.responseTimeoutMs   60000  a BMC silent this long gets the user a 504, 1..3600000
//   upstream.maxIdlePerTarget    32     idle keep-alive connections kept per BMC, 0..1000
//   limits.maxSessions           1000   concurrent sessions (a new one gets 429
//                                       too_many_sessions), 1..1000000
//   limits.maxConnections        10000  concurrent client connections on listen.public
//                                       (more are closed at once), 1..1000000
//   limits.headerTimeoutMs       10000  a request head must be complete this long after
//                                       its first byte (or after the connection opened),
//                                       else the connection ends (slowloris), 100..600000
//   limits.maxTunnelsPerToken    4      app tunnels open at once with one token (429
//                                       too_many_tunnels), 1..1000
//   auth.audience                ""     when set, a token's aud must contain it
//   auth.issuers                 []     when set, a token's iss must be one of them
//   browser.sessionDomain        ""     when set, each browser-mode session is served on
//                                       its own origin https://<label>.<sessionDomain>
//   ingress.agentDomain          ""     when set, https://<agent id>.<agentDomain>/ reaches
//                                       that agent's published service (--publish)
//   listen.http                  none   address of the plain-HTTP ingress listener for
//                                       groups[].routes[].http, e.g. "0.0.0.0:80"
//   groups                       []     node groups reached over WireGuard, each in its own
//                                       network namespace (README, "Node groups"):
//     groups[].name                     1..12 of a-z, 0-9, inner "-"; unique; the
//                                       namespace's name; the interface is "wg-<name>"
//     groups[].wireguard.privateKeyFile a file holding the key (`wg genkey`); never shown
//     groups[].wireguard.listenPort     UDP port, 1..65535, unique across groups
//     groups[].wireguard.address        the interface's address, e.g. "10.8.0.1/24"
//     groups[].wireguard.peers[]        { publicKey (base64 of 32 bytes, unique in the
//                                       group), allowedIps [CIDR...], endpoint? "host:port",
//                                       persistentKeepalive? 0..65535 seconds (0: off) }
//     groups[].routes[]                 { host (DNS name, unique across groups, none of the
//                                       gateway's own names), http? "ip:port", tls?
//                                       "ip:port" (at least one of them) }
//
// Every file path is absolute: relative ones were resolved against the directory of the
// configuration file (or the base directory given to ConfigLoader::fromJson).
struct GatewayConfig {
    enum class KeySource { SecretFile, PublicKeyFile, JwksFile };

    struct AuthKey {
        QString kid;
        QString alg; // one of ConfigLoader::supportedAlgorithms(), matching `source`
        KeySource source = KeySource::SecretFile;
        QString file;
        bool operator==(const AuthKey &) const = default;
    };
    struct TargetPin {
        HostPort target;   // no port: every port of that address
        QByteArray sha256; // 32 raw bytes
        bool operator==(const TargetPin &) const = default;
    };
    struct Agent {
        QString id;
        QString secretFile;
        bool operator==(const Agent &) const = default;
    };

    struct GroupRoute {
        QString host; // lower case, no trailing dot
        std::optional<HostPort> http;
        std::optional<HostPort> tls;
        bool operator==(const GroupRoute &) const = default;
    };
    struct GroupPeer {
        QString publicKey; // base64 of 32 bytes
        QStringList allowedIps;
        QString endpoint; // empty: none
        int persistentKeepalive = 0;
        bool operator==(const GroupPeer &) const = default;
    };
    struct Group {
        QString name;
        QString privateKeyFile;
        // SHA-256 of the key file's content when the configuration was read, so that a
        // new key under the same path makes the group differ and be set again (README,
        // "Node groups"); never written out, never shown.
        QByteArray privateKeyDigest;
        int listenPort = 0;
        QString address;
        QList<GroupPeer> peers;
        QList<GroupRoute> routes;
        bool operator==(const Group &) const = default;
    };

    struct Listen {
        HostPort publicAddress;       // listen.public; port always set
        std::optional<HostPort> api;  // listen.api; none: no management API
        std::optional<HostPort> http; // listen.http; none: no plain-HTTP ingress
        bool operator==(const Listen &) const = default;
    };
    struct Tls {
        QString cert;
        QString key;
        bool operator==(const Tls &) const = default;
    };
    struct Auth {
        QList<AuthKey> keys; // at least one; kids unique
        int leewaySeconds = 30;
        bool requireUpstreamMatch = true;
        QStringList revokedJti;
        QString audience;    // empty: aud not checked
        QStringList issuers; // empty: iss not checked
        bool operator==(const Auth &) const = default;
    };
    struct Api {
        QString tokenFile; // required when listen.api is set
        bool operator==(const Api &) const = default;
    };
    struct Targets {
        QList<Subnet> allow;
        bool verifyTls = false;
        QList<TargetPin> pins; // sorted by target text, unique
        bool operator==(const Targets &) const = default;
    };
    struct Accounting {
        QString database; // empty: not configured
        int retentionHours = 24;
        bool operator==(const Accounting &) const = default;
    };
    struct Upstream {
        int connectTimeoutMs = 10000;
        int responseTimeoutMs = 60000;
        int maxIdlePerTarget = 32;
        bool operator==(const Upstream &) const = default;
    };
    struct Limits {
        int maxSessions = 1000;
        int maxConnections = 10000;
        int headerTimeoutMs = 10000;
        int maxTunnelsPerToken = 4;
        bool operator==(const Limits &) const = default;
    };
    struct Browser {
        QString sessionDomain; // lower case, no trailing dot; empty: one origin for all
        bool operator==(const Browser &) const = default;
    };
    struct Ingress {
        QString agentDomain; // lower case, no trailing dot; empty: no published services
        bool operator==(const Ingress &) const = default;
    };

    QString name;
    Listen listen;
    Tls tls;
    Auth auth;
    Api api;
    Targets targets;
    QList<Agent> agents;
    Accounting accounting;
    Upstream upstream;
    Limits limits;
    Browser browser;
    Ingress ingress;
    QList<Group> groups;

    bool operator==(const GatewayConfig &) const = default;

    // The JSON member name of a key source: "secretFile", "publicKeyFile", "jwksFile".
    static QString keySourceName(KeySource source);
};

} // namespace gw
