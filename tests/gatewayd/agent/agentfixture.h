#pragma once

#include "agentprocess.h"
#include "fakegateway.h"

#include <QTemporaryDir>
#include <memory>

namespace agenttest {

// A fake gateway in the test process and a real `gatewayd agent` dialing it: id
// "site-a", a secret file both know, the gateway's certificate as --ca.
struct AgentFixture {
    AgentFixture();

    // The agent's command line: --gateway, --id, --secret-file, --ca, then EXTRA (the
    // test's --allow, --publish, ...).
    QStringList args(const QStringList &extra) const;
    // Starts the agent with args(EXTRA) and waits until its session is established.
    bool start(const QStringList &extra);

    QTemporaryDir dir;
    QByteArray secret = "a-test-secret-shared-by-agent-and-gateway";
    QString secretFile;
    QString caFile;
    FakeGateway gateway;
    std::unique_ptr<AgentProcess> agent;
};

// STREAM's bytes as they arrive: everything read after SEND was written, once at least
// EXPECT bytes came (or the stream ended, or 10 s passed).
QByteArray exchange(pc::TunnelStream *stream, const QByteArray &send, qsizetype expect);
// Everything STREAM delivers until the agent's side ends it.
QByteArray readToEnd(pc::TunnelStream *stream, int timeoutMs = 10000);

} // namespace agenttest
