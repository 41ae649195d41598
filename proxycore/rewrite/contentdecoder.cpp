#include "rewrite/contentdecoder.h"

#include "http/httpsyntax.h"
#include "rewrite/rewritelogging.h"

#include <climits>
#include <zlib.h>

using namespace Qt::StringLiterals;

namespace pc {

struct ContentDecoder::Stream {
    z_stream z{};
    bool ready = false;
    explicit Stream(int windowBits) { ready = inflateInit2(&z, windowBits) == Z_OK; }
    ~Stream() {
        if (ready)
            inflateEnd(&z);
    }
    Stream(const Stream &) = delete;
    Stream &operator=(const Stream &) = delete;
};

namespace {

// RFC 1950: CM 8 (deflate), a window of at most 32 KiB, and FCHECK making CMF·256+FLG a
// multiple of 31. Raw deflate data starts like this by chance in 1 of ~250 cases only
// for its first block's bits; this is the test Chromium and Firefox make too.
bool isZlibHeader(uchar cmf, uchar flg) {
    return (cmf & 0x0f) == 8 && (cmf >> 4) <= 7 && ((unsigned(cmf) << 8) | flg) % 31 == 0;
}

} // namespace

std::optional<ContentDecoder::Coding> ContentDecoder::codingOf(QByteArrayView contentEncoding) {
    const QByteArrayView value = httpsyntax::trimOws(contentEncoding);
    if (httpsyntax::equalsIgnoreCase(value, "gzip") ||
        httpsyntax::equalsIgnoreCase(value, "x-gzip"))
        return Coding::Gzip;
    if (httpsyntax::equalsIgnoreCase(value, "deflate"))
        return Coding::Deflate;
    return std::nullopt;
}

QByteArray ContentDecoder::name(Coding coding) {
    return coding == Coding::Gzip ? QByteArrayLiteral("gzip") : QByteArrayLiteral("deflate");
}

ContentDecoder::ContentDecoder(Coding coding)
    : m_coding(coding) {}

ContentDecoder::~ContentDecoder() = default;

void ContentDecoder::push(QByteArrayView compressed) {
    m_bytesIn += compressed.size();
    if (m_ended || !m_error.isEmpty())
        return; // after the stream's end: ignored; after an error: nothing more is decoded
    if (m_inputPos == m_input.size()) {
        m_input.clear();
        m_inputPos = 0;
    }
    m_input.append(compressed);
}

bool ContentDecoder::hasPending() const {
    if (m_ended || !m_error.isEmpty())
        return false;
    const qsizetype available = m_input.size() - m_inputPos;
    if (!m_stream)
        return available >= (m_coding == Coding::Gzip ? 1 : 2);
    return available > 0 || m_outputFull;
}

// Chooses the format and sets zlib up; false while deflate's first two bytes are missing.
bool ContentDecoder::start() {
    int windowBits = 16 + MAX_WBITS; // gzip wrapper
    if (m_coding == Coding::Deflate) {
        if (m_input.size() - m_inputPos < 2)
            return false;
        const bool zlib =
            isZlibHeader(uchar(m_input.at(m_inputPos)), uchar(m_input.at(m_inputPos + 1)));
        windowBits = zlib ? MAX_WBITS : -MAX_WBITS;
        qCDebug(lcRewrite) << "deflate body:" << (zlib ? "zlib stream" : "raw deflate");
    }
    m_stream = std::make_unique<Stream>(windowBits);
    if (!m_stream->ready)
        failWith(u"zlib could not be initialised"_s);
    return m_stream->ready;
}

QString ContentDecoder::failWith(const QString &why) {
    m_error = why;
    m_input.clear();
    m_inputPos = 0;
    m_outputFull = false;
    return why;
}

Expected<QByteArray, QString> ContentDecoder::pull(qsizetype max) {
    if (!m_error.isEmpty())
        return unexpected(m_error);
    if (m_ended || max <= 0 || (!m_stream && !start()))
        return m_error.isEmpty() ? Expected<QByteArray, QString>(QByteArray())
                                 : Expected<QByteArray, QString>(unexpected(m_error));
    z_stream &z = m_stream->z;
    const qsizetype available = m_input.size() - m_inputPos;
    const uInt in = uInt(std::min<qsizetype>(available, UINT_MAX));
    QByteArray out(std::min<qsizetype>(max, UINT_MAX), Qt::Uninitialized);
    z.next_in = reinterpret_cast<Bytef *>(const_cast<char *>(m_input.constData() + m_inputPos));
    z.avail_in = in;
    z.next_out = reinterpret_cast<Bytef *>(out.data());
    z.avail_out = uInt(out.size());
    const int rc = inflate(&z, Z_NO_FLUSH);
    m_inputPos += qsizetype(in - z.avail_in);
    out.resize(out.size() - qsizetype(z.avail_out));
    m_bytesOut += out.size();
    switch (rc) {
    case Z_STREAM_END:
        m_ended = true;
        m_outputFull = false;
        if (m_inputPos < m_input.size())
            qCDebug(lcRewrite) << "ignored" << (m_input.size() - m_inputPos)
                               << "bytes after the end of a" << name(m_coding) << "stream";
        m_input.clear();
        m_inputPos = 0;
        return out;
    case Z_OK:
    case Z_BUF_ERROR: // no progress possible: more input is needed
        m_outputFull = z.avail_out == 0;
        break;
    default: {
        const QString detail = z.msg ? QString::fromLatin1(z.msg) : u"zlib error %1"_s.arg(rc);
        return unexpected(failWith(u"corrupt %1 data after %2 compressed bytes: %3"_s.arg(
            QString::fromLatin1(name(m_coding)), QString::number(m_bytesIn), detail)));
    }
    }
    if (m_inputPos == m_input.size()) {
        m_input.clear();
        m_inputPos = 0;
    }
    return out;
}

QString ContentDecoder::finish() {
    if (!m_error.isEmpty())
        return m_error;
    if (m_ended || m_bytesIn == 0)
        return {};
    return failWith(u"the %1 data ends early (truncated after %2 compressed bytes)"_s.arg(
        QString::fromLatin1(name(m_coding)), QString::number(m_bytesIn)));
}

} // namespace pc
