// libFuzzer target for the tunnel envelope codec: any input is decoded; whatever the
// codec accepts must re-encode to an equal envelope, and every Open/Response head it
// accepts must serialize as HTTP/1.1 (the codec is what stands between a peer and
// the request lines and header fields the gateway or the app writes).
#include "http/httpserializer.h"
#include "tunnel/tunnelcodec.h"
#include "tunnel/tunnelheads.h"

#include <QByteArray>
#include <cstddef>
#include <cstdint>
#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    static const pc::TunnelCodec codec{pc::TunnelLimits{}};
    const QByteArray bytes(reinterpret_cast<const char *>(data), qsizetype(size));
    auto decoded = codec.decode(bytes);
    if (!decoded)
        return 0;
    const pmproxy::tunnel::Envelope &e = *decoded;
    auto again = codec.decode(pc::TunnelCodec::encode(e));
    if (!again || again->SerializeAsString() != e.SerializeAsString())
        std::abort();
    if (e.has_open()) {
        pc::HttpRequestHead head = pc::tunnelheads::fromOpen(e.open());
        if (!pc::HttpSerializer::requestHead(head))
            std::abort();
    }
    if (e.has_response()) {
        pc::HttpResponseHead head = pc::tunnelheads::fromResponse(e.response());
        if (!pc::HttpSerializer::responseHead(head))
            std::abort();
    }
    return 0;
}
