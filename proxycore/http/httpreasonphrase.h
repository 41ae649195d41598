#pragma once

#include <QByteArray>

namespace pc {

// The reason phrases of the status codes in IANA's HTTP Status Code Registry
// (RFC 9110 §15 and the RFCs it lists).
class HttpReasonPhrase {
public:
    // Empty for an unregistered status.
    static QByteArray of(int status);
};

} // namespace pc
