#pragma once

#include "http/httpresponsehead.h"
#include "http/httpserializeerror.h"

#include <QByteArrayView>
#include <optional>

class QIODevice;

namespace pc {

// Where a proxied response goes. The proxy hands over the head and the body bytes once;
// each writer frames them for its transport: Http1ResponseWriter as HTTP/1.1 on a
// connection (chunked when the length is unknown), TunnelResponseWriter as a tunnel
// stream's head and unframed data. So no side parses again what the other just
// serialized (docs/architecture.md).
class ResponseWriter {
public:
    virtual ~ResponseWriter() = default;

    // A 1xx other than 101 (100 Continue), where the transport has such messages.
    virtual void writeInterim(const HttpResponseHead &head) = 0;
    // The final head. A head whose response has a body (head.framing) but no
    // Content-Length is given a framing by the writer. On an error nothing was written
    // (a field that would not serialize safely).
    virtual std::optional<HttpSerializeError> writeHead(HttpResponseHead head) = 0;
    virtual void writeBody(QByteArrayView data) = 0;
    // The response is complete (not called after a 101: the relay takes the device).
    virtual void finish() = 0;

    // Bytes written but not yet sent: the proxy reads its source only while this is low.
    virtual qint64 backlog() const = 0;
    // Whose write progress (pc::onWriteProgress) means that backlog() shrank; may be null
    // once the device is gone.
    virtual QIODevice *device() const = 0;
    // Whether the connection can carry another request after this response.
    virtual bool keepsConnection() const { return true; }
};

} // namespace pc
