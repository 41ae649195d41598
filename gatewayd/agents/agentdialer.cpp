#include "agents/agentdialer.h"

#include "agent/agentwire.h"
#include "agents/agentregistry.h"
#include "agents/agentslog.h"
#include "tunnel/tunnelsession.h"
#include "tunnel/tunnelstream.h"

using namespace Qt::StringLiterals;

namespace gw {

namespace {

// What the agent may answer, and nothing else: its refusal code must not pose as one of
// the gateway's own.
bool isAgentError(int status, const QByteArray &code) {
    static const QList<std::pair<int, QByteArray>> known = {
        {403, "agent_refused"},    {502, "bmc_unreachable"}, {504, "bmc_timeout"},
        {404, "agent_no_publish"}, {400, "bad_request"},     {503, "agent_draining"}};
    return known.contains(std::make_pair(status, code));
}

QByteArray tlsPolicy(const pc::UpstreamTls &tls) {
    switch (tls.mode) {
    case pc::UpstreamTls::Mode::None:
        return pc::agentwire::kTlsNone;
    case pc::UpstreamTls::Mode::SystemTrust:
        return pc::agentwire::kTlsSystem;
    case pc::UpstreamTls::Mode::Pinned:
        return pc::agentwire::kTlsPinPrefix + tls.sha256.toHex();
    }
    return pc::agentwire::kTlsNone;
}

} // namespace

AgentDialer *AgentDialer::start(AgentRegistry *agents, const pc::UpstreamTarget &target,
                                int timeoutMs, QObject *parent, Kind kind) {
    return new AgentDialer(agents, target, timeoutMs, kind, parent);
}

AgentDialer::AgentDialer(AgentRegistry *agents, pc::UpstreamTarget target, int timeoutMs, Kind kind,
                         QObject *parent)
    : QObject(parent)
    , m_agents(agents)
    , m_target(std::move(target))
    , m_timeoutMs(timeoutMs)
    , m_kind(kind) {
    m_deadline.setSingleShot(true);
    connect(&m_deadline, &QTimer::timeout, this, [this] {
        // A detached link: the agent is away (its connection cut, or the process gone),
        // not the BMC slow.
        const pc::TunnelSession *session = m_stream ? m_stream->session() : nullptr;
        if (session && session->state() != pc::TunnelSession::State::Attached) {
            fail(GatewayError{502, u"agent_unavailable"_s,
                              u"agent %1 lost its connection and did not come back within %2 ms"_s
                                  .arg(m_target.agent)
                                  .arg(m_timeoutMs)});
            return;
        }
        fail(GatewayError{
            504, u"bmc_timeout"_s,
            u"agent %1 did not connect to %2 within %3 ms"_s.arg(m_target.agent, where())
                .arg(m_timeoutMs)});
    });
}

QString AgentDialer::where() const {
    return m_kind == Kind::Published ? u"its published service"_s : m_target.authority();
}

void AgentDialer::begin() {
    pc::HttpRequestHead head;
    head.method = pc::agentwire::kConnectMethod;
    if (m_kind == Kind::Published) {
        head.target = pc::agentwire::kPublishedTarget;
    } else {
        head.target = pc::agentwire::connectTarget(m_target.hostName, m_target.port);
        head.headers.append(pc::agentwire::kTlsHeader, tlsPolicy(m_target.tls));
    }
    head.headers.append(pc::agentwire::kTimeoutHeader, QByteArray::number(m_timeoutMs));
    pc::TunnelStream *stream = m_agents ? m_agents->openStream(m_target.agent, head) : nullptr;
    if (!stream) {
        const bool connected = m_agents && m_agents->isConnected(m_target.agent);
        GatewayError error{
            502, u"agent_unavailable"_s,
            connected ? u"agent %1 has no room for another connection"_s.arg(m_target.agent)
                      : u"the BMC is reached through agent %1, which is not "
                        "connected"_s.arg(m_target.agent)};
        // From the event loop: the caller may still be setting up.
        QMetaObject::invokeMethod(
            this, [this, error] { fail(error); }, Qt::QueuedConnection);
        return;
    }
    m_stream = stream;
    stream->setParent(this);
    connect(stream, &pc::TunnelStream::responseReceived, this, &AgentDialer::onResponse);
    connect(stream, &QIODevice::readChannelFinished, this, [this] {
        fail(GatewayError{502, u"agent_bad_answer"_s,
                          u"agent %1 ended the connection to %2 without an answer"_s.arg(
                              m_target.agent, where())});
    });
    connect(stream, &pc::TunnelStream::errorOccurred, this, [this](const pc::TunnelError &e) {
        fail(GatewayError{502, u"agent_unavailable"_s,
                          u"agent %1 lost the connection to %2: %3"_s.arg(m_target.agent, where(),
                                                                          e.toString())});
    });
    m_deadline.start(m_timeoutMs);
}

void AgentDialer::onResponse() {
    pc::TunnelStream *stream = m_stream.data();
    if (m_done || !stream)
        return;
    const pc::HttpResponseHead &head = stream->responseHead();
    if (head.status == 200) {
        m_done = true;
        m_deadline.stop();
        stream->disconnect(this);
        stream->setParent(nullptr);
        m_stream = nullptr;
        Q_EMIT ready(stream);
        done();
        return;
    }
    const QByteArray code = head.headers.value(pc::agentwire::kErrorHeader).trimmed();
    QString detail =
        QString::fromUtf8(head.headers.value(pc::agentwire::kDetailHeader).left(512)).trimmed();
    detail.removeIf([](QChar c) { return c.category() == QChar::Other_Control; });
    if (!isAgentError(head.status, code)) {
        fail(GatewayError{
            502, u"agent_bad_answer"_s,
            u"agent %1 answered the connection to %2 with status %3"_s.arg(m_target.agent, where())
                .arg(head.status)});
        return;
    }
    fail(GatewayError{head.status, QString::fromLatin1(code),
                      u"agent %1: %2"_s.arg(m_target.agent, detail.isEmpty() ? where() : detail)});
}

void AgentDialer::fail(GatewayError error) {
    if (m_done)
        return;
    m_done = true;
    m_deadline.stop();
    qCInfo(lcAgents).noquote() << "through agent" << m_target.agent << ":" << error.error << "-"
                               << error.detail;
    if (m_stream)
        m_stream->cancel(pc::TunnelErrorCode::Cancelled);
    Q_EMIT failed(error);
    done();
}

void AgentDialer::cancel() {
    if (m_done)
        return;
    m_done = true;
    m_deadline.stop();
    if (m_stream)
        m_stream->cancel(pc::TunnelErrorCode::Cancelled);
    done();
}

void AgentDialer::done() {
    deleteLater(); // the stream, if still ours, goes with it
}

} // namespace gw
