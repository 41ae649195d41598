#pragma once

#include "token/tokenerror.h"

#include <QByteArray>
#include <QByteArrayView>

namespace pc {

// base64url without padding (RFC 7515 §2), decoded strictly.
class Base64Url {
public:
    static QByteArray encode(QByteArrayView data);
    // Refuses padding, '+', '/', whitespace and any other character outside the
    // base64url alphabet, impossible lengths, and non-canonical encodings (unused low
    // bits of the last character set), so that one byte string has exactly one valid
    // encoding and a token cannot be altered without changing what is signed.
    static Expected<QByteArray, TokenError> decode(QByteArrayView text);
    // True when every character is in the base64url alphabet (no padding).
    static bool isAlphabet(QByteArrayView text);
};

} // namespace pc
