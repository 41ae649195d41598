#pragma once

#include <QByteArray>
#include <QString>
#include <QStringList>

namespace testsupport {

// One run of the real curl client (Debian's /usr/bin/curl), in its own process group,
// ended if it outlives TIMEOUTMS.
struct CurlResult {
    int exitCode = -1; // -1: it did not start or did not end in time
    QByteArray out;    // stdout (what -o/-w do not redirect)
    QByteArray err;    // stderr
};

// curl ARGS; its stdin is STDINFILE when given (e.g. for `-T -`), else empty.
CurlResult runCurl(const QStringList &args, const QString &stdinFile = {}, int timeoutMs = 60000);

} // namespace testsupport
