#include "tunnel/reconnectpolicy.h"

#include <QRandomGenerator>

namespace pc {

ReconnectPolicy::ReconnectPolicy(Options options, std::shared_ptr<const Clock> clock, Random random)
    : m_options(std::move(options))
    , m_clock(Clock::orSystem(std::move(clock)))
    , m_random(random ? std::move(random)
                      : Random([] { return QRandomGenerator::global()->generateDouble(); })) {}

bool ReconnectPolicy::expired() const {
    return m_options.validUntil.isValid() && m_clock->utc() >= m_options.validUntil;
}

std::optional<int> ReconnectPolicy::nextDelayMs() {
    if (expired())
        return std::nullopt;
    const int shift = qMin(m_failures, 20);
    const qint64 ceiling = qMin(qint64(m_options.initialMs) << shift, qint64(m_options.maxMs));
    ++m_failures;
    const double r = qBound(0.0, m_random(), 1.0);
    const int delay = int(double(ceiling) / 2.0 + r * double(ceiling) / 2.0);
    if (m_options.validUntil.isValid() && m_clock->utc().addMSecs(delay) >= m_options.validUntil)
        return std::nullopt;
    return delay;
}

} // namespace pc
