#pragma once

#include "rewrite/bodyrewriter.h"
#include "rewrite/contentdecoder.h"
#include "util/expected.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QString>
#include <memory>
#include <optional>

namespace pc {

// The body side of one rewritten response (ResponseRewriter's plan Rewrite): the BMC's
// body bytes, decoded first when they are compressed, through the BodyRewriter.
//
// Pull-based so that a caller bounds memory by what its client accepts: push() what was
// read from the BMC, then pull() pieces while the client keeps up, and push again only
// once hasPending() is false. Uncompressed, one pull() returns everything pushed
// (rewritten); compressed, at most `max` decoded bytes go through the rewriter per pull,
// whatever the compression ratio. Corrupt or truncated compressed data is an error.
class BodyFilter {
public:
    BodyFilter(BodyRewriter rewriter, std::optional<ContentDecoder::Coding> decode);
    ~BodyFilter();
    BodyFilter(BodyFilter &&) noexcept;
    BodyFilter &operator=(BodyFilter &&) noexcept;

    void push(QByteArrayView body);
    Expected<QByteArray, QString> pull(qsizetype max);
    bool hasPending() const;
    // The end of the body (call once hasPending() is false): the rest of the output.
    Expected<QByteArray, QString> finish();

    bool decodes() const { return m_decoder != nullptr; }
    const BodyRewriter &rewriter() const { return m_rewriter; }

private:
    BodyRewriter m_rewriter;
    std::unique_ptr<ContentDecoder> m_decoder; // null: the body is not compressed
    QByteArray m_plain;                        // pushed, not yet pulled (uncompressed)
};

} // namespace pc
