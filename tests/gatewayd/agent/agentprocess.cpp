#include "agentprocess.h"

#include "processgroup.h"
#include "waitfor.h"

#include <csignal>

using namespace Qt::StringLiterals;

namespace agenttest {

namespace {

QStringList withCommand(const QStringList &args) {
    return QStringList{u"agent"_s} + args;
}

} // namespace

AgentProcess::AgentProcess(const QStringList &args) {
    testsupport::startsOwnGroup(m_process);
    m_process.setProcessChannelMode(qEnvironmentVariableIsSet("PMPROXY_TEST_VERBOSE")
                                        ? QProcess::ForwardedErrorChannel
                                        : QProcess::SeparateChannels);
    m_process.setReadChannel(QProcess::StandardOutput);
    m_process.start(QStringLiteral(GATEWAYD_BIN), withCommand(args));
    if (!m_process.waitForStarted(10000)) {
        m_error = m_process.errorString();
        return;
    }
    m_group = m_process.processId();
    while (!m_process.canReadLine()) {
        if (!m_process.waitForReadyRead(15000)) {
            m_error = u"gatewayd agent did not start: "_s + QString::fromUtf8(log());
            return;
        }
    }
    m_process.readLine();
    m_started = true;
}

AgentProcess::~AgentProcess() {
    testsupport::endGroup(m_process, m_group);
}

QByteArray AgentProcess::log() {
    m_log += m_process.readAllStandardError();
    return m_log;
}

void AgentProcess::terminate() {
    if (running())
        ::kill(pid_t(m_process.processId()), SIGTERM);
}

int AgentProcess::waitForExit(int timeoutMs) {
    const bool exited =
        testsupport::waitFor([this] { return !running(); }, timeoutMs) || !running();
    if (!exited || m_process.exitStatus() != QProcess::NormalExit)
        return -1;
    return m_process.exitCode();
}

AgentProcess::Result AgentProcess::run(const QStringList &args) {
    QProcess p;
    p.start(QStringLiteral(GATEWAYD_BIN), withCommand(args));
    if (!p.waitForFinished(30000))
        return {};
    return {p.exitCode(), QString::fromUtf8(p.readAllStandardError())};
}

} // namespace agenttest
