#include "agentprocess.h"

#include "processgroup.h"
#include "waitfor.h"

#include <csignal>
#include <cstdio>

using namespace Qt::StringLiterals;

namespace agenttest {

namespace {

QStringList withCommand(const QStringList &args) {
    return QStringList{u"agent"_s} + args;
}

} // namespace

AgentProcess::AgentProcess(const QStringList &args) {
    testsupport::startsOwnGroup(m_process);
    m_process.setProcessChannelMode(QProcess::SeparateChannels);
    m_process.setReadChannel(QProcess::StandardOutput);
    // Collected for the test; with PMPROXY_TEST_VERBOSE shown as it comes, too.
    QObject::connect(&m_process, &QProcess::readyReadStandardError, &m_process, [this] { log(); });
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
    const QByteArray more = m_process.readAllStandardError();
    if (!more.isEmpty() && qEnvironmentVariableIsSet("PMPROXY_TEST_VERBOSE"))
        fwrite(more.constData(), 1, size_t(more.size()), stderr);
    m_log += more;
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
