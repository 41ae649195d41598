#pragma once

#include "http/httprequesthead.h"
#include "http/httpresponsehead.h"
#include "tunnel/tunnel.pb.h"

namespace pc {

// What a stream carries: one HTTP request/response, or a WebSocket upgrade after
// whose 101 response the stream's data is the raw bytes of the WebSocket connection.
enum class TunnelStreamKind { Http, WebSocket };

// Conversions between proxycore's HTTP heads and the envelope's Open/Response. Header
// order, repeated names and spelling are kept; the HTTP version is always 1.1 (the
// tunnel carries semantics, not HTTP/1.x framing).
namespace tunnelheads {

void toOpen(pmproxy::tunnel::Open *out, quint32 streamId, TunnelStreamKind kind,
            const HttpRequestHead &head);
HttpRequestHead fromOpen(const pmproxy::tunnel::Open &open);
TunnelStreamKind kindOf(const pmproxy::tunnel::Open &open);

void toResponse(pmproxy::tunnel::Response *out, quint32 streamId, const HttpResponseHead &head);
HttpResponseHead fromResponse(const pmproxy::tunnel::Response &response);

} // namespace tunnelheads
} // namespace pc
