#include "session/relaytraffic.h"

#include "session/trafficcounters.h"

namespace gw {

RelayTraffic::RelayTraffic(TrafficCounters *counters, Path path)
    : m_counters(counters)
    , m_path(path) {}

void RelayTraffic::relayed(pc::RelayDirection direction, QByteArrayView data) {
    const bool up = direction == pc::RelayDirection::Up;
    // The same message count whichever way the console came (accounting's wsMessages).
    m_counters->wsMessages += (up ? m_up : m_down).feed(data);
    if (up || m_path == Path::Tunnel)
        (up ? m_counters->bytesUp : m_counters->bytesDown) += quint64(data.size());
}

QByteArray RelayTraffic::closeFrame(quint16 code, const QByteArray &reason) {
    const QByteArray text = reason.left(123);
    QByteArray frame;
    frame.append(char(0x88)).append(char(2 + text.size()));
    frame.append(char(code >> 8)).append(char(code & 0xff)).append(text);
    return frame;
}

} // namespace gw
