#pragma once

#include "tunnel/tunnelcodec.h"

#include <optional>

namespace pc {

// The stateless checks of one decoded envelope (see TunnelCodec): sizes, ranges,
// stream ids, and heads that HTTP/1.1 can carry.
class TunnelValidator {
public:
    explicit TunnelValidator(const TunnelLimits &limits);

    std::optional<TunnelDecodeError> check(const pmproxy::tunnel::Envelope &envelope) const;

private:
    std::optional<TunnelDecodeError> checkLimits(const pmproxy::tunnel::Limits &limits) const;
    std::optional<TunnelDecodeError>
    checkHeaders(const google::protobuf::RepeatedPtrField<pmproxy::tunnel::Header> &headers,
                 qsizetype startBytes) const;
    std::optional<TunnelDecodeError> checkOpen(const pmproxy::tunnel::Open &open) const;
    std::optional<TunnelDecodeError> checkResponse(const pmproxy::tunnel::Response &response) const;

    const TunnelLimits &m_limits;
};

} // namespace pc
