#pragma once

#include "tunnel/reconnectpolicy.h"
#include "tunnel/tunnelstream.h"

#include <QObject>
#include <QPointer>
#include <QTimer>
#include <QUrl>
#include <memory>

namespace pc {
class TunnelClient;
}

namespace gw {

struct AgentOptions;

// The agent's connection to one gateway (docs/agents-protocol.md, "Connection"): a
// pc::TunnelClient in the client role whose every attempt carries a fresh proof, that
// keeps trying while the gateway refuses (not configured for this agent yet, or a clock
// NTP fixes later) and resumes its session after a cut. When the client gives up (the
// session ended for good: the gateway closed it, or lost it and the resume was refused)
// a new one starts after a capped, jittered backoff, forever, until stop().
class AgentLink : public QObject {
    Q_OBJECT
public:
    AgentLink(const QUrl &gateway, std::shared_ptr<const AgentOptions> options,
              QObject *parent = nullptr);
    ~AgentLink() override;

    void start();
    // Ends the session (telling the gateway) and stops reconnecting.
    void stop();
    bool isEstablished() const;
    QUrl gateway() const { return m_gateway; }

Q_SIGNALS:
    // The gateway opened STREAM (a CONNECT request).
    void newStream(pc::TunnelStream *stream);

private:
    void startClient();
    void clientFailed(const QString &reason);

    QUrl m_gateway;
    std::shared_ptr<const AgentOptions> m_options;
    QPointer<pc::TunnelClient> m_client;
    pc::ReconnectPolicy m_restartPolicy;
    QTimer m_restartTimer;
    bool m_wasEstablished = false;
    int m_refusals = 0; // 401/403 answers since the last session established
    bool m_stopped = true;
};

} // namespace gw
