#pragma once

#include <QByteArray>
#include <QString>
#include <QStringList>

// curl as a real HTTP client of the app's loopback proxy, driven from the test's event
// loop: the request body is the vmedia test pattern (bmcsim/vmediapattern.h) written to
// curl's stdin only as fast as curl takes it (nothing the size of the transfer is held in
// memory), and a downloaded body can be checked against the same pattern as it arrives.
// Every run ends by its deadline: curl is killed there, and the outcome says so.
namespace apptest {

struct CurlJob {
    QStringList args;          // curl's arguments (the body, if any, is read from "-")
    qint64 upload = -1;        // bytes of the pattern fed to stdin; -1: stdin is closed
    bool checkPattern = false; // stdout must be the pattern from offset 0
    int deadlineMs = 30000;
};

struct CurlOutcome {
    bool finished = false; // curl exited before the deadline
    int exitCode = -1;
    qint64 sent = 0;     // bytes of the pattern curl read from stdin
    qint64 received = 0; // bytes curl wrote to stdout
    qint64 firstMismatch = -1;
    QByteArray body; // stdout (when not checking a pattern)
    QByteArray err;
    double seconds = 0;

    bool ok() const { return finished && exitCode == 0 && firstMismatch < 0; }
    QString describe() const;
};

CurlOutcome runCurl(const CurlJob &job);

// SHA-256 (hex) of the first SIZE bytes of the pattern.
QString patternSha256(qint64 size);

// Resident memory of a process from /proc/PID/status, in KiB: the current VmRSS or the
// peak VmHWM; -1 if unreadable.
qint64 rssKib(qint64 pid);
qint64 peakRssKib(qint64 pid);

} // namespace apptest
