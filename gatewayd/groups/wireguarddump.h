#pragma once

#include <QByteArray>
#include <QList>
#include <QString>
#include <QStringList>
#include <optional>

namespace gw {

// What `wg show <interface> dump` says about an interface and its peers (wg(8): one
// tab-separated line for the interface, then one per peer). The interface line starts
// with the private key: it is skipped, never kept.
struct WireGuardDump {
    struct Peer {
        QString publicKey;
        QString endpoint;           // empty: none known yet
        QStringList allowedIps;     // as wg prints them
        qint64 latestHandshake = 0; // seconds since the epoch; 0: never
        qint64 rxBytes = 0;
        qint64 txBytes = 0;
    };
    QString publicKey;
    int listenPort = 0;
    QList<Peer> peers;

    // Nothing when the text is not a dump.
    static std::optional<WireGuardDump> parse(const QByteArray &text);
};

} // namespace gw
