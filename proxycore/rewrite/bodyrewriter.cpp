#include "rewrite/bodyrewriter.h"

#include <algorithm>

namespace pc {

namespace {

std::bitset<256> byteSet(const QByteArray &bytes) {
    std::bitset<256> set;
    for (char c : bytes)
        set.set(uchar(c));
    return set;
}

constexpr qsizetype kNotSearched = -2;
constexpr qsizetype kNone = -1;

} // namespace

BodyRewriter::BodyRewriter(const QList<Replacement> &replacements) {
    qsizetype longest = 0;
    bool lookahead = false;
    for (const Replacement &r : replacements) {
        if (r.from.isEmpty())
            continue;
        m_rules.append(Rule{r.to, QByteArrayMatcher(r.from), r.from.size(), byteSet(r.notBefore),
                            byteSet(r.notAfter)});
        longest = std::max(longest, r.from.size());
        lookahead = lookahead || !r.notAfter.isEmpty();
    }
    m_holdBack = longest > 0 ? longest - 1 + (lookahead ? 1 : 0) : 0;
}

QByteArray BodyRewriter::feed(QByteArrayView chunk) {
    Q_ASSERT(!m_finished);
    if (m_rules.isEmpty())
        return chunk.toByteArray();
    m_pending.append(chunk);
    return process(false);
}

QByteArray BodyRewriter::finish() {
    if (m_finished)
        return {};
    m_finished = true;
    return process(true);
}

// The first occurrence of `rule` starting in [from, limit) whose neighbours pass its
// guards. With final == false, every start below `limit` has its pattern and the byte
// after it buffered (limit = size − holdBack), so each decision is final.
qsizetype BodyRewriter::findValid(const Rule &rule, qsizetype from, qsizetype limit,
                                  bool final) const {
    const qsizetype size = m_pending.size();
    while (from < limit) {
        const qsizetype at = rule.matcher.indexIn(m_pending, from);
        if (at < 0 || at >= limit)
            return kNone;
        const int before = at > 0 ? uchar(m_pending.at(at - 1)) : m_previous;
        const qsizetype end = at + rule.length;
        Q_ASSERT(final || end < size || rule.notAfter.none());
        const int after = end < size ? uchar(m_pending.at(end)) : -1;
        const bool beforeOk = before < 0 || !rule.notBefore.test(size_t(before));
        const bool afterOk = after < 0 || !rule.notAfter.test(size_t(after));
        if (beforeOk && afterOk)
            return at;
        from = at + 1;
    }
    return kNone;
}

QByteArray BodyRewriter::process(bool final) {
    const qsizetype size = m_pending.size();
    const qsizetype limit = final ? size : std::max<qsizetype>(0, size - m_holdBack);
    QList<qsizetype> next(m_rules.size(), kNotSearched);
    QByteArray out;
    out.reserve(size);
    qsizetype pos = 0;
    for (;;) {
        qsizetype best = -1;
        qsizetype bestAt = size;
        for (qsizetype i = 0; i < m_rules.size(); ++i) {
            if (next[i] == kNotSearched || (next[i] >= 0 && next[i] < pos))
                next[i] = findValid(m_rules[i], pos, limit, final);
            if (next[i] < 0)
                continue;
            if (next[i] < bestAt ||
                (next[i] == bestAt && m_rules[i].length > m_rules[best].length)) {
                best = i;
                bestAt = next[i];
            }
        }
        if (best < 0)
            break;
        out.append(QByteArrayView(m_pending).sliced(pos, bestAt - pos));
        out.append(m_rules[best].to);
        pos = bestAt + m_rules[best].length;
        ++m_count;
    }
    const qsizetype emitted = std::max(pos, limit);
    out.append(QByteArrayView(m_pending).sliced(pos, emitted - pos));
    if (emitted > 0)
        m_previous = uchar(m_pending.at(emitted - 1));
    m_pending.remove(0, emitted);
    return out;
}

} // namespace pc
