#pragma once

#include <QTextStream>

namespace gw {

// Line-oriented stdout/stderr for the command-line tools.
QTextStream &out();
QTextStream &err();

} // namespace gw
