#include "rewrite/bodyfilter.h"

namespace pc {

BodyFilter::BodyFilter(BodyRewriter rewriter, std::optional<ContentDecoder::Coding> decode)
    : m_rewriter(std::move(rewriter)) {
    if (decode)
        m_decoder = std::make_unique<ContentDecoder>(*decode);
}

BodyFilter::~BodyFilter() = default;
BodyFilter::BodyFilter(BodyFilter &&) noexcept = default;
BodyFilter &BodyFilter::operator=(BodyFilter &&) noexcept = default;

void BodyFilter::push(QByteArrayView body) {
    if (m_decoder)
        m_decoder->push(body);
    else
        m_plain.append(body);
}

bool BodyFilter::hasPending() const {
    return m_decoder ? m_decoder->hasPending() : !m_plain.isEmpty();
}

Expected<QByteArray, QString> BodyFilter::pull(qsizetype max) {
    if (!m_decoder)
        return m_rewriter.feed(std::exchange(m_plain, {}));
    auto plain = m_decoder->pull(max);
    if (!plain)
        return plain;
    return m_rewriter.feed(*plain);
}

Expected<QByteArray, QString> BodyFilter::finish() {
    QByteArray out;
    if (!m_plain.isEmpty())
        out = m_rewriter.feed(std::exchange(m_plain, {}));
    if (m_decoder) {
        const QString error = m_decoder->finish();
        if (!error.isEmpty())
            return unexpected(error);
    }
    return out + m_rewriter.finish();
}

} // namespace pc
