#pragma once

#include <QString>

namespace pc {

// Why a BMC could not be used. Maps onto the gateway's 502/504 answers and the
// "upstream errors by kind" metric.
struct UpstreamError {
    enum class Kind { Refused, Timeout, Tls, Closed, Protocol };
    Kind kind = Kind::Refused;
    QString address; // the BMC address that failed, e.g. "10.0.0.5:443"
    QString message;

    int httpStatus() const { return kind == Kind::Timeout ? 504 : 502; }
    QString kindName() const;
};

} // namespace pc
