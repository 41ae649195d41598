#pragma once

// The large-file endpoints every emulated BMC has, for proving that a proxy streams:
//   GET /vmedia/download?size=N  → N bytes of vmediapattern.h, generated as they are sent
//   PUT|POST /vmedia/upload      → {"bytes":N,"sha256":"<hex>"}, hashed as bytes arrive
// Neither holds the whole body in memory.

#include "bmcsim/dispatch.h"

#include <QCryptographicHash>

namespace bmcsim {

class DownloadSource final : public BodySource {
public:
    explicit DownloadSource(qint64 size)
        : m_size(size) {}
    qint64 size() const override { return m_size; }
    QByteArray read(qint64 maxBytes) override;

private:
    qint64 m_size;
    qint64 m_offset = 0;
};

class UploadDigest final : public BodyHandler {
public:
    void consume(QByteArrayView chunk) override;
    SimResponse complete() override;

private:
    QCryptographicHash m_hash{QCryptographicHash::Sha256};
    qint64 m_bytes = 0;
};

} // namespace bmcsim
