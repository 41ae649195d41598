#include "util/version.h"

namespace pc {

QString productVersion() {
    return QStringLiteral(PMPROXY_VERSION);
}

} // namespace pc
