#include "tunnel/tunnelresponsewriter.h"

#include "http/httpserializer.h"
#include "tunnel/tunnelstream.h"

namespace pc {

TunnelResponseWriter::TunnelResponseWriter(TunnelStream *stream, std::function<void(quint64)> count)
    : m_stream(stream)
    , m_count(std::move(count)) {}

std::optional<HttpSerializeError> TunnelResponseWriter::writeHead(HttpResponseHead head) {
    head.headers.remove("Transfer-Encoding");
    // The peer writes this head as HTTP/1.1 for its client: a field that would not
    // serialize is refused here, where the proxy can still answer with an error.
    auto bytes = HttpSerializer::responseHead(head);
    if (!bytes)
        return bytes.error();
    if (m_count)
        m_count(quint64(bytes->size()));
    if (m_stream)
        m_stream->sendResponse(head);
    return std::nullopt;
}

void TunnelResponseWriter::writeBody(QByteArrayView data) {
    if (data.isEmpty() || !m_stream)
        return;
    if (m_count)
        m_count(quint64(data.size()));
    m_stream->write(data.data(), data.size());
}

void TunnelResponseWriter::finish() {
    if (m_stream)
        m_stream->finish();
}

qint64 TunnelResponseWriter::backlog() const {
    const TunnelStream *stream = m_stream;
    return stream ? stream->bytesToWrite() : 0;
}

QIODevice *TunnelResponseWriter::device() const {
    return m_stream;
}

} // namespace pc
