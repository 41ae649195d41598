#include "bmcsim/compression.h"

#include <zlib.h>

namespace bmcsim {

bool Compression::acceptsGzip(const pc::HttpHeaders &requestHeaders) {
    const QList<QByteArray> elements = requestHeaders.combinedValue("accept-encoding").split(',');
    for (const QByteArray &element : elements) {
        const QList<QByteArray> parts = element.split(';');
        const QByteArray name = parts.first().trimmed().toLower();
        if (name != "gzip" && name != "x-gzip" && name != "*")
            continue;
        bool refused = false;
        for (qsizetype i = 1; i < parts.size(); ++i) {
            const QByteArray param = parts.at(i).trimmed().toLower();
            if (param.startsWith("q="))
                refused = param.mid(2).toDouble() <= 0.0;
        }
        if (!refused)
            return true;
    }
    return false;
}

bool Compression::compressible(QByteArrayView contentType) {
    const QByteArray type = contentType.toByteArray().split(';').first().trimmed().toLower();
    return type == "text/html" || type == "application/javascript" || type == "text/javascript" ||
           type == "application/json" || type == "text/css" || type == "text/xml" ||
           type == "application/xml";
}

QByteArray Compression::gzip(QByteArrayView data) {
    z_stream z{};
    if (deflateInit2(&z, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 16 + MAX_WBITS, 8,
                     Z_DEFAULT_STRATEGY) != Z_OK)
        return {};
    QByteArray out(qsizetype(deflateBound(&z, uLong(data.size()))), Qt::Uninitialized);
    z.next_in = reinterpret_cast<Bytef *>(const_cast<char *>(data.data()));
    z.avail_in = uInt(data.size());
    z.next_out = reinterpret_cast<Bytef *>(out.data());
    z.avail_out = uInt(out.size());
    const int rc = deflate(&z, Z_FINISH);
    out.resize(qsizetype(z.total_out));
    deflateEnd(&z);
    return rc == Z_STREAM_END ? out : QByteArray();
}

} // namespace bmcsim
