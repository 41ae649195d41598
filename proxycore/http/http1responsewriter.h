#pragma once

#include "http/responsewriter.h"

#include <QPointer>

namespace pc {

// Writes a response as HTTP/1.1 on DEVICE (a client connection). A body of unknown
// length is chunked for an HTTP/1.1 client; an HTTP/1.0 client gets it until the
// connection closes (keepsConnection() is then false), as RFC 9112 §6.3 leaves it.
class Http1ResponseWriter : public ResponseWriter {
public:
    struct Options {
        bool clientHttp11 = true; // the request's version
        bool keepAlive = true;    // false: the response says Connection: close
    };

    Http1ResponseWriter(QIODevice *device, Options options);

    void writeInterim(const HttpResponseHead &head) override;
    std::optional<HttpSerializeError> writeHead(HttpResponseHead head) override;
    void writeBody(QByteArrayView data) override;
    void finish() override;
    qint64 backlog() const override;
    QIODevice *device() const override { return m_device; }
    bool keepsConnection() const override { return m_options.keepAlive; }

private:
    void write(QByteArrayView bytes);

    QPointer<QIODevice> m_device;
    Options m_options;
    bool m_chunked = false; // the body is chunked by us
};

} // namespace pc
