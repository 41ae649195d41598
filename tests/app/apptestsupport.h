#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QProcess>
#include <QProcessEnvironment>
#include <QString>
#include <QStringList>

// Helpers for the app's tests: gpsession links minted in-process (the app never checks
// signatures, so any key does), and pmproxy run as a real process.
namespace apptest {

// A bare token for the emulated BMC 10.0.0.5 (idrac9) through the gateway in
// OVERRIDES' "upstream" or 127.0.0.1:1 (nothing listens there), valid for 300 s unless
// OVERRIDES say otherwise ("exp" as seconds since the epoch).
QString mintToken(const QJsonObject &overrides = {});
QString mintExpiredToken();

// The pmproxy under test: $PMPROXY_TEST_BIN when set (to run these tests against another
// build, e.g. to see a new test fail on an older one), else the one built with them.
QString program();

// The environment pmproxy runs in for tests: offscreen, sandbox off (root), English,
// its own runtime directory (so single-instance sockets of tests never meet) and no
// display. Tests change what they need on top.
QProcessEnvironment baseEnvironment(const QString &runtimeDir);

struct Result {
    int exitCode = -1;
    bool finished = false; // false: killed at the deadline
    QString out;
    QString err;
};

// Runs pmproxy ARGS to the end (killing it after TIMEOUTMS) and collects its output.
Result run(const QStringList &args, const QProcessEnvironment &env, int timeoutMs = 30000);

// Reads PROCESS's stdout until a line equal to or starting with PREFIX arrives; returns
// that line, or an empty string at the deadline or when the process ends. Lines read on
// the way are appended to *SEEN when given.
QString waitForLine(QProcess &process, const QString &prefix, int timeoutMs,
                    QStringList *seen = nullptr);

// Ends PROCESS (SIGTERM, then SIGKILL) and reaps it.
void end(QProcess &process);

} // namespace apptest
