#pragma once

#include "http/responsewriter.h"

#include <QPointer>
#include <functional>

namespace pc {

class TunnelStream;

// Writes a response on a tunnel stream the peer opened: the final head travels as the
// stream's response head (a tunnel carries no HTTP/1.x framing, so Transfer-Encoding
// is dropped and the peer frames the body for its own client), the body as the
// stream's data, and finish() half-closes the stream. Interim 1xx heads are not sent:
// the stream's credit flow control does what 100 Continue does.
class TunnelResponseWriter : public ResponseWriter {
public:
    // COUNT (optional) is told the bytes of each head (as HTTP/1.1) and body piece.
    explicit TunnelResponseWriter(TunnelStream *stream,
                                  std::function<void(quint64)> count = nullptr);

    void writeInterim(const HttpResponseHead &) override {}
    std::optional<HttpSerializeError> writeHead(HttpResponseHead head) override;
    void writeBody(QByteArrayView data) override;
    void finish() override;
    qint64 backlog() const override;
    QIODevice *device() const override;

private:
    QPointer<TunnelStream> m_stream;
    std::function<void(quint64)> m_count;
};

} // namespace pc
