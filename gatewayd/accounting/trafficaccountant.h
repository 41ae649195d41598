#pragma once

#include "accounting/trafficstore.h"

#include <QObject>
#include <QTimer>
#include <memory>

namespace gw {

class SessionRegistry;

// Moves what sessions did from the SessionRegistry into the TrafficStore: every few
// seconds (and on demand: before GET /api/v1/traffic answers, on shutdown) it samples
// every session's counters and writes one record per session that moved something, all
// in one transaction. The data path never touches the database. Records older than
// accounting.retentionHours are deleted at start and every few minutes.
class TrafficAccountant : public QObject {
    Q_OBJECT
public:
    static constexpr int kFlushIntervalMs = 5000;
    static constexpr int kPruneIntervalMs = 5 * 60 * 1000;
    // Records kept in memory while the database refuses writes, at most.
    static constexpr int kMaxPending = 100000;

    TrafficAccountant(SessionRegistry *registry, std::unique_ptr<TrafficStore> store,
                      int retentionHours, QObject *parent = nullptr);
    ~TrafficAccountant() override;

    // Samples the sessions and writes what they moved. False when the write failed (the
    // records stay queued for the next attempt).
    bool flush();
    // Deletes records older than retentionHours before NOW (UNIX seconds).
    void prune(qint64 now);
    pc::Expected<QList<TrafficRecord>, QString> since(qint64 since);

    // For apply: the store is swapped after a flush into the old one.
    void setStore(std::unique_ptr<TrafficStore> store);
    void setRetentionHours(int hours);
    const TrafficStore &store() const { return *m_store; }

private:
    SessionRegistry *m_registry;
    std::unique_ptr<TrafficStore> m_store;
    int m_retentionHours;
    QList<TrafficRecord> m_pending;
    QTimer m_flushTimer;
    QTimer m_pruneTimer;
};

} // namespace gw
