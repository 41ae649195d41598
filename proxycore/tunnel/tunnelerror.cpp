#include "tunnel/tunnelerror.h"

using namespace Qt::StringLiterals;

namespace pc {

QString TunnelError::codeName(TunnelErrorCode code) {
    switch (code) {
    case TunnelErrorCode::Protocol:
        return u"protocol"_s;
    case TunnelErrorCode::FlowControl:
        return u"flow_control"_s;
    case TunnelErrorCode::Limit:
        return u"limit"_s;
    case TunnelErrorCode::Refused:
        return u"refused"_s;
    case TunnelErrorCode::Cancelled:
        return u"cancelled"_s;
    case TunnelErrorCode::Upstream:
        return u"upstream"_s;
    case TunnelErrorCode::SessionLost:
        return u"session_lost"_s;
    case TunnelErrorCode::Internal:
        return u"internal"_s;
    case TunnelErrorCode::Unauthorized:
        return u"unauthorized"_s;
    }
    return u"internal"_s;
}

TunnelErrorCode TunnelError::codeFromWire(int value) {
    if (value >= int(TunnelErrorCode::Protocol) && value <= int(TunnelErrorCode::Unauthorized))
        return TunnelErrorCode(value);
    return TunnelErrorCode::Internal;
}

QString TunnelError::toString() const {
    return codeName(code) + u": "_s + message;
}

} // namespace pc
