#pragma once

#include <QString>

namespace testsupport {

// SHA-256 (lower-case hex) of the first SIZE bytes of the vmedia test pattern
// (bmcsim/vmediapattern.h), as bmcsim reports an upload's digest.
QString patternSha256(qint64 size);

// Writes the first SIZE bytes of the same pattern to the file PATH (a node or BMC stand-in
// serves it; curl checks a download of it with CurlJob::patternDownload). False on error.
bool writePatternFile(const QString &path, qint64 size);

} // namespace testsupport
