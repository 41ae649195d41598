#include "bmcsim/vmediatransfer.h"

#include "bmcsim/vmediapattern.h"

using namespace Qt::StringLiterals;

namespace bmcsim {

QByteArray DownloadSource::read(qint64 maxBytes) {
    const qint64 n = qMin(maxBytes, m_size - m_offset);
    QByteArray chunk(n, Qt::Uninitialized);
    vmedia::fill(quint64(m_offset), chunk.data(), n);
    m_offset += n;
    return chunk;
}

void UploadDigest::consume(QByteArrayView chunk) {
    m_hash.addData(chunk);
    m_bytes += chunk.size();
}

SimResponse UploadDigest::complete() {
    return SimResponse::json(
        200, {{u"bytes"_s, m_bytes}, {u"sha256"_s, QString::fromLatin1(m_hash.result().toHex())}});
}

} // namespace bmcsim
