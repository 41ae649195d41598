#pragma once

#include <QByteArray>
#include <QString>
#include <QStringList>

namespace testsupport {

// One run of the real curl client (Debian's /usr/bin/curl) in its own process group,
// driven from the test's event loop (the server it talks to may live in this process:
// the app's loopback proxy). A request body comes from a file or is the vmedia test
// pattern (bmcsim/vmediapattern.h), written to curl's stdin only as fast as curl takes
// it (nothing the size of the transfer is held in memory); a downloaded body can be
// checked against the same pattern as it arrives. Every run ends by its deadline: curl
// is ended there, and the result says so.
struct CurlJob {
    QStringList args;          // curl's arguments (a body from stdin is read from "-")
    QString stdinFile;         // curl's stdin (e.g. for `-T -`), when given
    qint64 upload = -1;        // else bytes of the pattern fed to stdin; -1: stdin is empty
    bool checkPattern = false; // stdout must be the pattern from offset 0 (not kept)
    int deadlineMs = 60000;

    // A download whose body must be the pattern; an upload of BYTES of the pattern.
    static CurlJob patternDownload(const QStringList &args, int deadlineMs);
    static CurlJob patternUpload(const QStringList &args, qint64 bytes, int deadlineMs);
};

struct CurlResult {
    bool finished = false; // curl exited before the deadline
    int exitCode = -1;     // -1: it did not start, crashed or did not end in time
    QByteArray out;        // stdout (its first MiB; nothing when checking a pattern)
    QByteArray err;        // stderr (its last 8 KiB)
    qint64 sent = 0;       // bytes of the pattern curl read from stdin
    qint64 received = 0;   // bytes curl wrote to stdout
    qint64 firstMismatch = -1;
    double seconds = 0;

    bool ok() const { return finished && exitCode == 0 && firstMismatch < 0; }
    QString describe() const;
};

CurlResult runCurl(const CurlJob &job);
// curl ARGS; its stdin is STDINFILE when given, else empty.
CurlResult runCurl(const QStringList &args, const QString &stdinFile = {}, int timeoutMs = 60000);

} // namespace testsupport
