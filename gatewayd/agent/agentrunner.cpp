#include "agent/agentrunner.h"

#include "agent/agentlink.h"
#include "agent/agentlog.h"
#include "agent/agentoptions.h"
#include "agent/agentstreamhandler.h"
#include "tunnel/tunnelstream.h"

using namespace Qt::StringLiterals;

namespace gw {

AgentRunner::AgentRunner(std::shared_ptr<const AgentOptions> options, QObject *parent)
    : QObject(parent)
    , m_options(std::move(options)) {
    m_drainTimer.setSingleShot(true);
    m_idleSweep.setInterval(250);
    connect(&m_idleSweep, &QTimer::timeout, this, [this] {
        const QList<AgentStreamHandler *> handlers = m_handlers.values();
        for (AgentStreamHandler *handler : handlers) {
            if (m_handlers.contains(handler)) // one ending may end another's wait
                handler->endIfIdle();
        }
    });
    connect(&m_drainTimer, &QTimer::timeout, this, [this] {
        qCInfo(lcAgent) << m_handlers.size() << "streams still open after" << kDrainMs
                        << "ms; closing them";
        stopNow();
    });
}

AgentRunner::~AgentRunner() {
    m_stopped = true;
    for (AgentLink *link : std::as_const(m_links))
        link->stop();
}

void AgentRunner::start() {
    for (const QUrl &gateway : m_options->gateways) {
        auto *link = new AgentLink(gateway, m_options, this);
        connect(link, &AgentLink::newStream, this, &AgentRunner::onNewStream);
        m_links.append(link);
        link->start();
    }
}

void AgentRunner::onNewStream(pc::TunnelStream *stream) {
    auto *handler = new AgentStreamHandler(stream, m_options, this);
    if (m_draining) {
        handler->refuse({503, "agent_draining", u"the agent is shutting down"_s});
        return;
    }
    m_handlers.insert(handler);
    auto settled = [this, handler] {
        m_handlers.remove(handler);
        if (m_draining && m_handlers.isEmpty())
            stopNow();
    };
    connect(handler, &AgentStreamHandler::settled, this, settled);
    connect(handler, &QObject::destroyed, this, settled);
}

void AgentRunner::drain() {
    if (m_draining) { // a second signal: no more waiting
        stopNow();
        return;
    }
    m_draining = true;
    qCInfo(lcAgent) << "shutting down:" << m_handlers.size() << "streams in flight";
    if (m_handlers.isEmpty()) {
        stopNow();
        return;
    }
    m_drainTimer.start(kDrainMs);
    m_idleSweep.start();
}

void AgentRunner::stopNow() {
    if (m_stopped)
        return;
    m_stopped = true;
    m_drainTimer.stop();
    m_idleSweep.stop();
    for (AgentLink *link : std::as_const(m_links))
        link->stop();
    qCInfo(lcAgent) << "stopped";
    QMetaObject::invokeMethod(this, &AgentRunner::finished, Qt::QueuedConnection);
}

} // namespace gw
