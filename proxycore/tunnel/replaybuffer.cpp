#include "tunnel/replaybuffer.h"

namespace pc {

void ReplayBuffer::push(QByteArray bytes) {
    ++m_lastSeq;
    m_bytes += bytes.size();
    m_entries.push_back({m_lastSeq, std::move(bytes)});
}

bool ReplayBuffer::acknowledge(quint64 seq) {
    if (seq > m_lastSeq)
        return false;
    while (!m_entries.empty() && m_entries.front().seq <= seq) {
        m_bytes -= m_entries.front().bytes.size();
        m_entries.pop_front();
    }
    m_acked = qMax(m_acked, seq);
    return true;
}

void ReplayBuffer::clear() {
    m_entries.clear();
    m_bytes = 0;
    m_lastSeq = 0;
    m_acked = 0;
}

} // namespace pc
