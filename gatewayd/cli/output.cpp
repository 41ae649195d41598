#include "cli/output.h"

#include <cstdio>

namespace gw {

QTextStream &out() {
    static QTextStream s(stdout);
    return s;
}

QTextStream &err() {
    static QTextStream s(stderr);
    return s;
}

} // namespace gw
