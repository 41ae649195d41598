#pragma once

#include <QMetaType>
#include <QString>

namespace pc {

// Why a stream or a session ended abnormally. The codes mirror ErrorCode of
// tunnel.proto (Error.code on the wire).
enum class TunnelErrorCode {
    Protocol = 1,
    FlowControl = 2,
    Limit = 3,
    Refused = 4,
    Cancelled = 5,
    Upstream = 6,
    SessionLost = 7,
    Internal = 8,
    Unauthorized = 9,
};

struct TunnelError {
    TunnelErrorCode code = TunnelErrorCode::Internal;
    QString message;

    // "protocol", "flow_control", ...: for logs and JSON errors.
    static QString codeName(TunnelErrorCode code);
    // From the wire value; unknown values become Internal.
    static TunnelErrorCode codeFromWire(int value);
    QString toString() const;
};

} // namespace pc

Q_DECLARE_METATYPE(pc::TunnelError)
