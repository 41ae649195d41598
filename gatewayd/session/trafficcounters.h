#pragma once

#include <QtGlobal>

namespace gw {

// What one session (or one connection of it) moved. Plain integers, updated on the data
// path by the connection that owns them (one thread), read by the registry when it
// samples. Bytes are TLS plaintext on the user's side of the gateway: bytesUp is what
// the user sent (toward the BMC), bytesDown what the user was sent (toward the user),
// HTTP heads included; see SessionRegistry for the exact definition.
struct TrafficCounters {
    quint64 bytesUp = 0;
    quint64 bytesDown = 0;
    quint64 requests = 0;
    quint64 wsMessages = 0;

    TrafficCounters &operator+=(const TrafficCounters &o) {
        bytesUp += o.bytesUp;
        bytesDown += o.bytesDown;
        requests += o.requests;
        wsMessages += o.wsMessages;
        return *this;
    }
    friend TrafficCounters operator+(TrafficCounters a, const TrafficCounters &b) { return a += b; }
    // Counters only grow, so a later sample minus an earlier one is never negative.
    friend TrafficCounters operator-(const TrafficCounters &a, const TrafficCounters &b) {
        return {a.bytesUp - b.bytesUp, a.bytesDown - b.bytesDown, a.requests - b.requests,
                a.wsMessages - b.wsMessages};
    }
    bool isZero() const {
        return bytesUp == 0 && bytesDown == 0 && requests == 0 && wsMessages == 0;
    }
    bool operator==(const TrafficCounters &) const = default;
};

} // namespace gw
