#include "agents/agentauthenticator.h"

#include "agent/agentproof.h"

using namespace Qt::StringLiterals;

namespace gw {

AgentAuthenticator::AgentAuthenticator(std::shared_ptr<const pc::Clock> clock)
    : m_clock(pc::Clock::orSystem(std::move(clock))) {}

pc::Expected<QString, GatewayError>
AgentAuthenticator::check(const QByteArray &authorization,
                          const QHash<QString, QByteArray> &secrets, const QString &gatewayName,
                          const QHostAddress &arrivedAt) {
    const auto proof = pc::AgentProof::parse(authorization);
    if (!proof)
        return pc::unexpected(GatewayError{
            400, u"agent_bad_proof"_s,
            u"the agent endpoint needs Authorization: PMAgent id=..., ts=..., nonce=..., sig=..."_s});
    const auto secret = secrets.constFind(proof->id);
    if (secret == secrets.cend())
        return pc::unexpected(
            GatewayError{401, u"agent_unknown"_s,
                         u"agent %1 is not in this gateway's configuration"_s.arg(proof->id)});
    // The proof names the gateway it was made for: our name, or the address the agent
    // dialed (an IPv4 client of a dual-stack listener arrives at ::ffff:a.b.c.d).
    QHostAddress local = arrivedAt;
    bool isV4 = false;
    const quint32 v4 = local.toIPv4Address(&isV4);
    if (isV4)
        local = QHostAddress(v4);
    if (!proof->verify(*secret, gatewayName) && !proof->verify(*secret, local.toString()))
        return pc::unexpected(GatewayError{
            401, u"agent_bad_signature"_s,
            u"agent %1's proof is not signed with its secret for this gateway"_s.arg(proof->id)});
    const qint64 now = m_clock->secsSinceEpoch();
    if (qAbs(now - proof->timestamp) > kWindowSeconds)
        return pc::unexpected(GatewayError{
            401, u"agent_clock_skew"_s,
            u"agent %1's clock is %2 s off this gateway's (at most %3 s allowed)"_s.arg(proof->id)
                .arg(proof->timestamp - now)
                .arg(kWindowSeconds)});
    forgetOld(now);
    const QByteArray key = proof->id.toUtf8() + ' ' + proof->nonce;
    if (m_nonces.contains(key))
        return pc::unexpected(
            GatewayError{401, u"agent_replayed_nonce"_s,
                         u"agent %1's proof was already used (a replay)"_s.arg(proof->id)});
    m_nonces.insert(key, proof->timestamp);
    return proof->id;
}

void AgentAuthenticator::forgetOld(qint64 now) {
    // A proof older than the window is refused by its timestamp; its nonce need not be kept.
    m_nonces.removeIf(
        [now](const auto &entry) { return entry.value() < now - 2 * kWindowSeconds; });
}

} // namespace gw
