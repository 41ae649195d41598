#include "groups/wireguarddump.h"

using namespace Qt::StringLiterals;

namespace gw {

std::optional<WireGuardDump> WireGuardDump::parse(const QByteArray &text) {
    const QList<QByteArray> lines = text.trimmed().split('\n');
    if (lines.isEmpty())
        return std::nullopt;
    const QList<QByteArray> head = lines.first().split('\t');
    if (head.size() != 4)
        return std::nullopt;
    WireGuardDump dump;
    dump.publicKey = QString::fromLatin1(head[1]);
    dump.listenPort = head[2].toInt();
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const QList<QByteArray> f = lines[i].split('\t');
        if (f.size() != 8)
            return std::nullopt;
        Peer peer;
        peer.publicKey = QString::fromLatin1(f[0]);
        if (f[2] != "(none)")
            peer.endpoint = QString::fromLatin1(f[2]);
        if (f[3] != "(none)")
            peer.allowedIps = QString::fromLatin1(f[3]).split(u',');
        peer.latestHandshake = f[4].toLongLong();
        peer.rxBytes = f[5].toLongLong();
        peer.txBytes = f[6].toLongLong();
        dump.peers << peer;
    }
    return dump;
}

} // namespace gw
