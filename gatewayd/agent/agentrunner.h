#pragma once

#include "tunnel/tunnelstream.h"

#include <QList>
#include <QObject>
#include <QSet>
#include <QTimer>
#include <memory>

namespace gw {

class AgentLink;
class AgentStreamHandler;
struct AgentOptions;

// A running `gatewayd agent`: one AgentLink per --gateway, one AgentStreamHandler per
// stream a gateway opens. drain() (SIGTERM/SIGINT) refuses new streams (503
// agent_draining), lets those in flight finish for at most kDrainMs (closing the idle
// ones, AgentStreamHandler::endIfIdle()), then closes the sessions and emits finished().
class AgentRunner : public QObject {
    Q_OBJECT
public:
    static constexpr int kDrainMs = 10000;

    explicit AgentRunner(std::shared_ptr<const AgentOptions> options, QObject *parent = nullptr);
    ~AgentRunner() override;

    void start();
    void drain();
    int streamsInFlight() const { return int(m_handlers.size()); }

Q_SIGNALS:
    void finished();

private:
    void onNewStream(pc::TunnelStream *stream);
    void stopNow();

    std::shared_ptr<const AgentOptions> m_options;
    QList<AgentLink *> m_links;
    QSet<AgentStreamHandler *> m_handlers; // streams in flight: connecting or relaying
    QTimer m_drainTimer;
    QTimer m_idleSweep; // while draining: ends the idle ones
    bool m_draining = false;
    bool m_stopped = false;
};

} // namespace gw
