#pragma once

#include <QMap>
#include <QString>

namespace gw {

// How accounting's writes fare, for GET /healthz and GET /metrics.
struct AccountingHealth {
    qsizetype backlog = 0;              // records held in memory because the database refused them
    qsizetype backlogLimit = 0;         // the most it holds; beyond, the oldest are dropped
    quint64 dropped = 0;                // records dropped because the backlog was full
    QMap<QString, quint64> writeErrors; // failed writes by kind (TrafficStore::WriteError)
    QString problem;                    // the last failure while records are held back

    // Records are held back: what the API shows lags behind what moved.
    bool degraded() const { return backlog > 0; }
};

} // namespace gw
