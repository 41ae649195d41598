#include "ingress/ingresshttpbilling.h"

#include <algorithm>

namespace gw {

IngressHttpBilling::IngressHttpBilling(Bill bill)
    : m_bill(std::move(bill)) {}

void IngressHttpBilling::read(quint64 bytes) {
    if (m_up)
        m_bill(*m_up, bytes, 0);
    else
        m_pendingUp += bytes;
}

void IngressHttpBilling::written(quint64 bytes) {
    while (bytes > 0) {
        if (m_segments.empty()) {
            if (m_down)
                m_bill(*m_down, 0, bytes);
            m_written += bytes;
            return;
        }
        const Segment &front = m_segments.front();
        const quint64 n = std::min(bytes, front.end > m_written ? front.end - m_written : 0);
        if (n > 0 && front.route)
            m_bill(*front.route, 0, n);
        m_written += n;
        bytes -= n;
        if (m_written >= front.end)
            m_segments.pop_front();
    }
}

void IngressHttpBilling::routed(const IngressRoutes::Target &target, qint64 buffered) {
    m_up = target;
    if (const quint64 head = std::exchange(m_pendingUp, 0))
        m_bill(target, head, 0);
    switchDown(target, buffered);
}

void IngressHttpBilling::unrouted(qint64 buffered) {
    m_up.reset();
    m_pendingUp = 0;
    switchDown(std::nullopt, buffered);
}

void IngressHttpBilling::switchDown(std::optional<IngressRoutes::Target> route, qint64 buffered) {
    const quint64 end = m_written + quint64(std::max<qint64>(buffered, 0));
    if (end > m_written)
        m_segments.push_back({end, std::move(m_down)});
    m_down = std::move(route);
}

} // namespace gw
