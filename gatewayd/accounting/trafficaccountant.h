#pragma once

#include "accounting/accountinghealth.h"
#include "accounting/trafficstore.h"
#include "util/clock.h"

#include <QObject>
#include <QSet>
#include <QTimer>
#include <memory>

namespace gw {

class SessionRegistry;

// Moves what sessions did from the SessionRegistry into the TrafficStore: every few
// seconds (and on demand: before GET /api/v1/traffic answers, on shutdown) it samples
// every session's counters and writes one record per session that moved something, all
// in one transaction. The data path never touches the database. Records older than
// accounting.retentionHours are deleted at start and every few minutes.
//
// A write that fails is loud and loses nothing it can keep: the records stay in memory
// (the backlog) and go with the next attempt; the first failure of each kind is logged
// as an error, every failure counts in health().writeErrors, and health() is degraded
// while records are held back. The backlog holds at most backlogLimit() records; when
// it is full the OLDEST records are dropped (the newest say most about the present),
// counted in health().dropped and logged once per outage.
class TrafficAccountant : public QObject {
    Q_OBJECT
public:
    static constexpr int kFlushIntervalMs = 5000;
    static constexpr int kPruneIntervalMs = 5 * 60 * 1000;
    // Records kept in memory while the database refuses writes, at most (a record is
    // ~200 bytes: ~20 MB). One session writes one record per 5 s flush interval.
    static constexpr qsizetype kDefaultBacklogLimit = 100000;

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

    AccountingHealth health() const;
    qsizetype backlogLimit() const { return m_backlogLimit; }
    void setBacklogLimit(qsizetype limit);
    // What dates records and retention; the system clock unless set (tests).
    void setClock(std::shared_ptr<const pc::Clock> clock) {
        m_clock = pc::Clock::orSystem(std::move(clock));
    }

private:
    void holdBack(const TrafficStore::WriteError &error);
    void dropOverLimit();

    SessionRegistry *m_registry;
    std::shared_ptr<const pc::Clock> m_clock = pc::Clock::system();
    std::unique_ptr<TrafficStore> m_store;
    int m_retentionHours;
    QList<TrafficRecord> m_pending; // the backlog, oldest first
    qsizetype m_backlogLimit = kDefaultBacklogLimit;
    quint64 m_dropped = 0;
    QMap<QString, quint64> m_writeErrors;
    QString m_problem;           // empty while writes succeed
    QSet<QString> m_loggedKinds; // failure kinds logged during this outage
    bool m_droppingLogged = false;
    QTimer m_flushTimer;
    QTimer m_pruneTimer;
};

} // namespace gw
