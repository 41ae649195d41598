#pragma once

#include "accounting/trafficrecord.h"
#include "util/expected.h"

#include <QList>
#include <QString>
#include <memory>
#include <variant>

namespace gw {

// Traffic records in SQLite (Qt Sql's QSQLITE driver): WAL journal, synchronous=NORMAL
// (a committed batch survives the process dying; only a power cut may lose the last
// few seconds), schema migrations by TrafficSchema on open. Used from one thread.
class TrafficStore {
public:
    // Why a write failed: KIND is SQLite's result code by name ("readonly", "busy",
    // "full", "ioerr", "constraint", "corrupt", "error", ...; "other" when unknown), for
    // logs and the metric label; DETAIL the driver's message.
    struct WriteError {
        QString kind;
        QString detail;
    };

    // An empty PATH (no accounting.database configured) keeps the records in memory.
    static pc::Expected<std::unique_ptr<TrafficStore>, QString> open(const QString &path);
    ~TrafficStore();
    TrafficStore(const TrafficStore &) = delete;
    TrafficStore &operator=(const TrafficStore &) = delete;

    const QString &path() const { return m_path; }

    // All or nothing, in one transaction. Empty sub/jti are stored as NULL.
    pc::Expected<std::monostate, WriteError> insert(const QList<TrafficRecord> &records);
    // Records with time >= SINCE, oldest first (at most LIMIT).
    pc::Expected<QList<TrafficRecord>, QString> since(qint64 since, int limit = 100000) const;
    // Deletes records with time < BEFORE; returns how many.
    pc::Expected<int, QString> deleteBefore(qint64 before);

private:
    TrafficStore(QString connectionName, QString path);

    QString m_connectionName;
    QString m_path;
};

} // namespace gw
