#pragma once

#include "util/expected.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QString>
#include <memory>
#include <optional>

namespace pc {

// Streaming decoder of a response body's Content-Encoding (zlib), so that a compressed
// text body can go through a BodyRewriter.
//
// Codings, as browsers accept them: `gzip` (also `x-gzip`; RFC 1952, one member; bytes
// after its trailer are ignored, as Chromium does), and `deflate`, which is a zlib
// stream (RFC 1950) when its first two bytes form a valid zlib header and raw deflate
// (RFC 1951, what some servers send) otherwise. Any other coding, or several stacked,
// has no decoder (codingOf() says so).
//
// Memory is bounded whatever the compression ratio: push() stores the compressed input
// the caller read (the caller pushes again only once hasPending() is false), pull()
// returns at most `max` decoded bytes, and zlib keeps its 32 KiB window. A caller that
// pulls only as fast as its client takes the output never holds more than that.
class ContentDecoder {
public:
    enum class Coding { Gzip, Deflate };

    // The coding named by a Content-Encoding field value, or nullopt when it is none of
    // the above (br, zstd, compress, a list of codings...). Case-insensitive.
    static std::optional<Coding> codingOf(QByteArrayView contentEncoding);
    static QByteArray name(Coding coding);

    explicit ContentDecoder(Coding coding);
    ~ContentDecoder();
    ContentDecoder(const ContentDecoder &) = delete;
    ContentDecoder &operator=(const ContentDecoder &) = delete;

    // Appends compressed input.
    void push(QByteArrayView compressed);
    // Up to MAX decoded bytes (empty: nothing more until more input), or why the data is
    // corrupt (the decoder then stays failed).
    Expected<QByteArray, QString> pull(qsizetype max);
    // Input not consumed yet, or decoded output zlib still holds: pull() again.
    bool hasPending() const;
    // At the end of the body: empty when the compressed stream ended properly (or the
    // body was empty), else why not (truncated, corrupt).
    QString finish();

    Coding coding() const { return m_coding; }
    qint64 bytesIn() const { return m_bytesIn; }
    qint64 bytesOut() const { return m_bytesOut; }

private:
    struct Stream;

    bool start();
    QString failWith(const QString &why);

    Coding m_coding;
    std::unique_ptr<Stream> m_stream; // null until the format is known (deflate: 2 bytes)
    QByteArray m_input;
    qsizetype m_inputPos = 0;
    bool m_outputFull = false; // the last pull() filled its buffer: zlib may hold more
    bool m_ended = false;      // the compressed stream's end was seen
    QString m_error;
    qint64 m_bytesIn = 0;
    qint64 m_bytesOut = 0;
};

} // namespace pc
