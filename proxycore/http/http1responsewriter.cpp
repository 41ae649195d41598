#include "http/http1responsewriter.h"

#include "http/httpserializer.h"
#include "util/writebacklog.h"

#include <QIODevice>

namespace pc {

Http1ResponseWriter::Http1ResponseWriter(QIODevice *device, Options options)
    : m_device(device)
    , m_options(options) {}

void Http1ResponseWriter::write(QByteArrayView bytes) {
    if (m_device && !bytes.isEmpty())
        m_device->write(bytes.data(), bytes.size());
}

void Http1ResponseWriter::writeInterim(const HttpResponseHead &head) {
    if (head.status == 100 && m_options.clientHttp11) // HTTP/1.0 has no 1xx
        write(HttpSerializer::responseHead(head).value_or(QByteArray()));
}

std::optional<HttpSerializeError> Http1ResponseWriter::writeHead(HttpResponseHead head) {
    if (head.status != 101) {
        // Transfer-Encoding is hop-by-hop: the body's framing here is ours.
        head.headers.remove("Transfer-Encoding");
        if (head.hasBody() && !head.headers.contains("Content-Length")) {
            if (m_options.clientHttp11) {
                head.headers.set("Transfer-Encoding", "chunked");
                m_chunked = true;
            } else {
                m_options.keepAlive = false; // the body ends when the connection does
            }
        }
        if (!m_options.keepAlive)
            head.headers.set("Connection", "close");
        head.version = HttpVersion::Http1_1;
    }
    auto bytes = HttpSerializer::responseHead(head);
    if (!bytes)
        return bytes.error();
    write(*bytes);
    return std::nullopt;
}

void Http1ResponseWriter::writeBody(QByteArrayView data) {
    if (data.isEmpty())
        return;
    if (m_chunked)
        write(HttpSerializer::chunk(data));
    else
        write(data);
}

void Http1ResponseWriter::finish() {
    if (m_chunked)
        write(HttpSerializer::lastChunk().value_or(QByteArray()));
    m_chunked = false;
}

qint64 Http1ResponseWriter::backlog() const {
    return writeBacklog(m_device.data());
}

} // namespace pc
