#pragma once

#include "http/httpparseerror.h"
#include "util/expected.h"

#include <QtGlobal>

namespace pc {

// Internal to the parser: where a scanner refused the input, as an offset into the
// slice it was given (the offending byte), and why.
struct HttpScanFailure {
    qsizetype offset = 0;
    HttpParseError error;
};

// Bytes of the slice the scanner validated, or where and why it refused them.
using HttpScanResult = Expected<qsizetype, HttpScanFailure>;

} // namespace pc
