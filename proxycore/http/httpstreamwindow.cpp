#include "http/httpstreamwindow.h"

#include <algorithm>

namespace pc {

void HttpStreamWindow::reset() {
    *this = HttpStreamWindow{};
}

void HttpStreamWindow::begin(const char *data, qsizetype len) {
    m_data = data;
    m_len = len;
}

void HttpStreamWindow::consume(qsizetype n) {
    const qsizetype fresh = std::min<qsizetype>(n, Kept);
    const int keep = static_cast<int>(std::min<qsizetype>(m_beforeLen, Kept - fresh));
    std::array<char, Kept> kept{};
    for (int i = 0; i < keep; ++i)
        kept[i] = m_before[m_beforeLen - keep + i];
    for (qsizetype i = 0; i < fresh; ++i)
        kept[keep + i] = m_data[n - fresh + i];
    m_before = kept;
    m_beforeLen = keep + static_cast<int>(fresh);
    m_base += n;
    m_data += n;
    m_len -= n;
}

qint64 HttpStreamWindow::base() const {
    return m_base;
}

qint64 HttpStreamWindow::offsetOf(const char *p) const {
    return m_base + (p - m_data);
}

const char *HttpStreamWindow::pointerTo(qint64 offset) const {
    return m_data + (offset - m_base);
}

int HttpStreamWindow::byteAt(qint64 offset) const {
    if (offset >= m_base && offset < m_base + m_len)
        return static_cast<unsigned char>(m_data[offset - m_base]);
    const qint64 back = m_base - offset; // 1 = the byte just before the slice
    if (back >= 1 && back <= m_beforeLen)
        return static_cast<unsigned char>(m_before[m_beforeLen - back]);
    return -1;
}

} // namespace pc
