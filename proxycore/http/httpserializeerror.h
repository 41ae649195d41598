#pragma once

#include <QString>

namespace pc {

// Why HttpSerializer refused to write a message (e.g. a header value with CR/LF).
struct HttpSerializeError {
    QString message;
};

} // namespace pc
