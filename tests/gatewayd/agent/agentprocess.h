#pragma once

#include <QByteArray>
#include <QProcess>
#include <QStringList>

namespace agenttest {

// A real `gatewayd agent` process (its own process group, ended with the test). Its
// stderr (the log) is collected; with PMPROXY_TEST_VERBOSE it is also shown as it comes.
class AgentProcess {
public:
    // Starts `gatewayd agent ARGS` and waits for its first line on stdout.
    explicit AgentProcess(const QStringList &args);
    ~AgentProcess();

    bool started() const { return m_started; }
    QString startupError() const { return m_error; }
    qint64 pid() const { return m_process.processId(); }
    bool running() const { return m_process.state() != QProcess::NotRunning; }
    QByteArray log();

    // Sends SIGTERM (no waiting).
    void terminate();
    // Waits for the process to exit; its exit code, or -1 when it did not exit in time
    // (or crashed).
    int waitForExit(int timeoutMs);

    // `gatewayd agent ARGS` run to its end: exit code and stderr.
    struct Result {
        int exitCode = -1;
        QString err;
    };
    static Result run(const QStringList &args);

private:
    QProcess m_process;
    qint64 m_group = 0;
    bool m_started = false;
    QString m_error;
    QByteArray m_log;
};

} // namespace agenttest
