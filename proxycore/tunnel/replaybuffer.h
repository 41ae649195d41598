#pragma once

#include <QByteArray>
#include <deque>

namespace pc {

// The reliable envelopes one side has sent and the peer has not acknowledged yet,
// oldest first, each with its seq; what a resume sends again. Also hands out seqs.
class ReplayBuffer {
public:
    struct Entry {
        quint64 seq;
        QByteArray bytes;
    };

    // The seq for the next reliable envelope (1, 2, ...).
    quint64 nextSeq() const { return m_lastSeq + 1; }
    quint64 lastSeq() const { return m_lastSeq; }
    quint64 ackedSeq() const { return m_acked; }
    // Records an envelope sent with nextSeq().
    void push(QByteArray bytes);
    // The peer has everything up to SEQ; returns false if SEQ was never sent.
    bool acknowledge(quint64 seq);

    const std::deque<Entry> &entries() const { return m_entries; }
    qint64 bytes() const { return m_bytes; }
    void clear();

private:
    std::deque<Entry> m_entries;
    qint64 m_bytes = 0;
    quint64 m_lastSeq = 0;
    quint64 m_acked = 0;
};

} // namespace pc
