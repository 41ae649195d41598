#pragma once

#include <QByteArray>
#include <QByteArrayMatcher>
#include <QByteArrayView>
#include <QList>
#include <bitset>

namespace pc {

// A streaming literal-replacement filter for response bodies.
//
// Semantics, for any split of the body into chunks: the output is the body with every
// leftmost, then longest, non-overlapping occurrence of a pattern replaced, scanning
// left to right, where an occurrence counts only if the byte before it is not in its
// `notBefore` set and the byte after it not in its `notAfter` set (the body's start and
// end satisfy both). So "https://10.0.0.5" is not found inside "https://10.0.0.50".
//
// Algorithm: per-pattern search with QByteArrayMatcher (Boyer–Moore–Horspool skip
// table), each pattern's next occurrence cached while the scan advances, which is
// O(patterns × bytes) — fine for the handful of patterns a profile yields (an
// Aho–Corasick automaton would pay off only for many patterns). An occurrence is decided
// only when it and the byte after it are buffered, so feed() holds back the last
// (longest pattern − 1) bytes, plus one when some pattern has a `notAfter` set: memory
// is bounded by that, whatever the body size.
class BodyRewriter {
public:
    struct Replacement {
        QByteArray from; // non-empty
        QByteArray to;
        QByteArray notBefore; // bytes that must not precede an occurrence
        QByteArray notAfter;  // bytes that must not follow an occurrence
    };

    // Empty `from` patterns are ignored.
    explicit BodyRewriter(const QList<Replacement> &replacements);

    // Output for this chunk; may be shorter or longer than the chunk.
    QByteArray feed(QByteArrayView chunk);
    // The rest of the output at the end of the body. feed() must not be called after.
    QByteArray finish();

    // The most bytes feed() ever holds back.
    qsizetype holdBackLimit() const { return m_holdBack; }
    // Bytes currently held back.
    qsizetype heldBack() const { return m_pending.size(); }
    // Replacements made so far.
    qsizetype replacementCount() const { return m_count; }
    bool isEmpty() const { return m_rules.isEmpty(); }

private:
    struct Rule {
        QByteArray to;
        QByteArrayMatcher matcher;
        qsizetype length;
        std::bitset<256> notBefore;
        std::bitset<256> notAfter;
    };

    QByteArray process(bool final);
    qsizetype findValid(const Rule &rule, qsizetype from, qsizetype limit, bool final) const;

    QList<Rule> m_rules;
    qsizetype m_holdBack = 0;
    QByteArray m_pending; // input not yet decided on
    int m_previous = -1;  // the input byte just before m_pending; -1 at the start
    qsizetype m_count = 0;
    bool m_finished = false;
};

} // namespace pc
