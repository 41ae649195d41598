#pragma once

#include <QByteArray>
#include <QString>
#include <optional>

namespace pc {

// An agent's proof of identity, sent in its connection's Authorization header
// (docs/agents-protocol.md): HMAC-SHA256 with the agent's secret over the agent id, a
// timestamp, a nonce and the gateway's name. The secret itself never crosses the wire.
// Checking the time window and the nonce's freshness is the gateway's (it keeps the
// nonces it has seen).
struct AgentProof {
    static constexpr int kMinSecretBytes = 16;
    static constexpr int kNonceBytes = 16;

    QString id;
    qint64 timestamp = 0; // UNIX seconds
    QByteArray nonce;     // base64url, as sent
    QByteArray signature; // base64url, as sent

    // A new proof for ID at NOW (UNIX seconds) toward GATEWAY (a random nonce).
    static AgentProof make(const QString &id, const QByteArray &secret, qint64 now,
                           const QString &gateway);
    // The Authorization header's value: "PMAgent id=..., ts=..., nonce=..., sig=...".
    QByteArray header() const;
    // Reads a header value; nullopt when it is not a well-formed proof.
    static std::optional<AgentProof> parse(const QByteArray &header);
    // Whether the signature is the one SECRET makes for GATEWAY (constant time).
    bool verify(const QByteArray &secret, const QString &gateway) const;

    // The one rule for agent ids, on the gateway (agents[].id), the agent (--id) and in
    // proofs: a letter or digit, then up to 63 letters, digits, ".", "_" or "-".
    static bool isValidId(const QString &id);

    // A secret file's contents as used for signing: trailing whitespace (a final newline)
    // removed. Callers refuse secrets shorter than kMinSecretBytes.
    static QByteArray secretFromFile(const QByteArray &contents);

private:
    QByteArray sign(const QByteArray &secret, const QString &gateway) const;
};

} // namespace pc
