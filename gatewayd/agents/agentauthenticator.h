#pragma once

#include "server/gatewayerror.h"
#include "util/clock.h"
#include "util/expected.h"

#include <QByteArray>
#include <QHash>
#include <QHostAddress>
#include <QString>
#include <memory>

namespace gw {

// Checks an agent's proof of identity (docs/agents-protocol.md): a known id, a signature
// made with that agent's secret for this gateway (its `name`, or the address the
// connection arrived at when the agent dialed an IP literal), a timestamp within
// kWindowSeconds of ours, and a nonce not seen before inside the window. Nonces are kept
// across configuration applies (the object is long-lived). Each refusal has its own
// `error` code, which /metrics counts.
class AgentAuthenticator {
public:
    static constexpr qint64 kWindowSeconds = 60;

    explicit AgentAuthenticator(std::shared_ptr<const pc::Clock> clock = {});

    // SECRETS: agent id -> secret, from the configuration in force. Returns the agent id.
    pc::Expected<QString, GatewayError> check(const QByteArray &authorization,
                                              const QHash<QString, QByteArray> &secrets,
                                              const QString &gatewayName,
                                              const QHostAddress &arrivedAt);

    qsizetype noncesRemembered() const { return m_nonces.size(); }

private:
    void forgetOld(qint64 now);

    std::shared_ptr<const pc::Clock> m_clock;
    QHash<QByteArray, qint64> m_nonces; // id + nonce -> the proof's timestamp
};

} // namespace gw
