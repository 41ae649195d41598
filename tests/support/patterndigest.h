#pragma once

#include <QString>

namespace testsupport {

// SHA-256 (lower-case hex) of the first SIZE bytes of the vmedia test pattern
// (bmcsim/vmediapattern.h), as bmcsim reports an upload's digest.
QString patternSha256(qint64 size);

} // namespace testsupport
