#pragma once

#include <QByteArray>
#include <QString>

// The agent's WebSocket upgrade by hand (docs/agents-protocol.md, "Connection"): one TLS
// connection to HOST:PORT, `GET /.pmproxy/agent` with AUTHORIZATION as given, and the
// gateway's answer read off the wire. The refusal tests send proofs the real agent never
// would (a nonce twice, a skewed clock).
struct UpgradeReply {
    int status = 0; // 0: no answer (see error)
    QByteArray head;
    QByteArray body; // of a refusal
    QString error;
};

UpgradeReply agentUpgrade(const QString &host, quint16 port, const QByteArray &authorization,
                          int timeoutMs = 15000);
