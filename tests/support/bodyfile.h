#pragma once

#include <QList>
#include <QString>
#include <QStringList>

namespace testsupport {

// A request body in a file, for curl to send: random bytes (from SEED), which no framing
// mistake can pass for, and their digest.
struct BodyFile {
    QString path;
    qint64 size = 0;
    QString sha256;  // lower-case hex, as bmcsim reports an upload's digest
    bool ok = false; // the file was written whole

    static BodyFile write(const QString &path, qint64 size, quint32 seed);
};

// The ways curl frames a request body from FILE: `-T -` (stdin, chunked), an explicit
// Transfer-Encoding: chunked with --data-binary, and --data-binary (Content-Length).
struct CurlFraming {
    const char *name;
    QStringList args;
    QString stdinFile; // curl's stdin, when the body comes from there
};
QList<CurlFraming> curlFramings(const QString &file);

} // namespace testsupport
