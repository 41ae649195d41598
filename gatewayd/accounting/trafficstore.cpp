#include "accounting/trafficstore.h"

#include "accounting/accountinglog.h"
#include "accounting/trafficschema.h"

#include <QAtomicInt>
#include <QDir>
#include <QFileInfo>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>

using namespace Qt::StringLiterals;

namespace gw {

namespace {

QString nextConnectionName() {
    static QAtomicInt counter;
    return u"gatewayd-traffic-%1"_s.arg(counter.fetchAndAddRelaxed(1));
}

pc::Expected<std::monostate, QString> exec(QSqlDatabase &db, const QString &sql) {
    QSqlQuery q(db);
    if (!q.exec(sql))
        return pc::unexpected(q.lastError().text());
    return std::monostate();
}

// SQLite's primary result codes (https://sqlite.org/rescode.html) by name.
QString errorKind(const QSqlError &error) {
    bool ok = false;
    const int code = error.nativeErrorCode().toInt(&ok) & 0xff;
    if (!ok)
        return u"other"_s;
    switch (code) {
    case 1:
        return u"error"_s;
    case 3:
        return u"perm"_s;
    case 5:
        return u"busy"_s;
    case 6:
        return u"locked"_s;
    case 7:
        return u"nomem"_s;
    case 8:
        return u"readonly"_s;
    case 10:
        return u"ioerr"_s;
    case 11:
    case 26:
        return u"corrupt"_s;
    case 13:
        return u"full"_s;
    case 14:
        return u"cantopen"_s;
    case 17:
        return u"schema"_s;
    case 19:
        return u"constraint"_s;
    case 20:
        return u"mismatch"_s;
    default:
        return u"other"_s;
    }
}

pc::Unexpected<TrafficStore::WriteError> writeError(const QString &what, const QSqlError &error) {
    return pc::unexpected(TrafficStore::WriteError{errorKind(error), what + error.text()});
}

// A NULL for an absent optional claim.
QVariant optional(const QString &value) {
    return value.isEmpty() ? QVariant(QMetaType::fromType<QString>()) : QVariant(value);
}

} // namespace

TrafficStore::TrafficStore(QString connectionName, QString path)
    : m_connectionName(std::move(connectionName))
    , m_path(std::move(path)) {}

TrafficStore::~TrafficStore() {
    {
        QSqlDatabase db = QSqlDatabase::database(m_connectionName, false);
        db.close();
    }
    QSqlDatabase::removeDatabase(m_connectionName);
}

pc::Expected<std::unique_ptr<TrafficStore>, QString> TrafficStore::open(const QString &path) {
    const bool memory = path.isEmpty();
    const QString name = nextConnectionName();
    std::unique_ptr<TrafficStore> store(new TrafficStore(name, path));
    QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, name);
    if (!db.isValid())
        return pc::unexpected(u"the Qt SQLite driver (QSQLITE) is not available"_s);
    if (!memory) {
        const QString dir = QFileInfo(path).absolutePath();
        if (!QDir().mkpath(dir))
            return pc::unexpected(u"cannot create the directory %1"_s.arg(dir));
    }
    db.setDatabaseName(memory ? u":memory:"_s : path);
    db.setConnectOptions(u"QSQLITE_BUSY_TIMEOUT=5000"_s);
    if (!db.open())
        return pc::unexpected(u"cannot open %1: %2"_s.arg(path, db.lastError().text()));
    if (!memory) {
        QSqlQuery q(db);
        if (!q.exec(u"PRAGMA journal_mode=WAL"_s) || !q.next() ||
            q.value(0).toString().compare(u"wal"_s, Qt::CaseInsensitive) != 0)
            return pc::unexpected(u"cannot switch %1 to WAL: %2"_s.arg(path, q.lastError().text()));
        if (auto ok = exec(db, u"PRAGMA synchronous=NORMAL"_s); !ok)
            return pc::unexpected(ok.error());
    }
    if (const QString problem = TrafficSchema::migrate(db); !problem.isEmpty())
        return pc::unexpected(path + u": "_s + problem);
    qCInfo(lcAccounting).noquote()
        << "accounting database" << (memory ? u"in memory (accounting.database not set)"_s : path);
    return store;
}

pc::Expected<std::monostate, TrafficStore::WriteError>
TrafficStore::insert(const QList<TrafficRecord> &records) {
    if (records.isEmpty())
        return std::monostate();
    QSqlDatabase db = QSqlDatabase::database(m_connectionName, false);
    if (!db.transaction())
        return writeError(u"cannot begin a transaction: "_s, db.lastError());
    QSqlQuery q(db);
    if (!q.prepare(u"INSERT INTO traffic (time, session, ip, port, platform, sub, jti, path, "
                   "bytesUp, bytesDown, requests, wsMessages, agent, grp, host) "
                   "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"_s)) {
        const QSqlError why = q.lastError();
        db.rollback();
        return writeError(u"cannot insert traffic records: "_s, why);
    }
    for (const TrafficRecord &r : records) {
        const QVariantList values{r.time,
                                  r.session,
                                  r.ip,
                                  r.port,
                                  r.platform,
                                  optional(r.sub),
                                  optional(r.jti),
                                  r.path,
                                  r.bytesUp,
                                  r.bytesDown,
                                  r.requests,
                                  r.wsMessages,
                                  optional(r.agent),
                                  optional(r.group),
                                  optional(r.host)};
        for (int i = 0; i < values.size(); ++i)
            q.bindValue(i, values.at(i));
        if (!q.exec()) {
            const QSqlError why = q.lastError();
            db.rollback();
            return writeError(u"cannot insert a traffic record: "_s, why);
        }
    }
    if (!db.commit()) {
        const QSqlError why = db.lastError();
        db.rollback();
        return writeError(u"cannot commit traffic records: "_s, why);
    }
    return std::monostate();
}

pc::Expected<QList<TrafficRecord>, QString> TrafficStore::since(qint64 since, int limit) const {
    QSqlDatabase db = QSqlDatabase::database(m_connectionName, false);
    QSqlQuery q(db);
    q.setForwardOnly(true);
    q.prepare(
        u"SELECT time, session, ip, port, platform, sub, jti, path, bytesUp, bytesDown, "
        "requests, wsMessages, agent, grp, host FROM traffic WHERE time >= ? ORDER BY time, id LIMIT ?"_s);
    q.bindValue(0, since);
    q.bindValue(1, limit);
    if (!q.exec())
        return pc::unexpected(u"cannot read traffic records: "_s + q.lastError().text());
    QList<TrafficRecord> records;
    while (q.next()) {
        TrafficRecord r;
        r.time = q.value(0).toLongLong();
        r.session = q.value(1).toString();
        r.ip = q.value(2).toString();
        r.port = q.value(3).toInt();
        r.platform = q.value(4).toString();
        r.sub = q.value(5).toString();
        r.jti = q.value(6).toString();
        r.path = q.value(7).toString();
        r.bytesUp = q.value(8).toLongLong();
        r.bytesDown = q.value(9).toLongLong();
        r.requests = q.value(10).toLongLong();
        r.wsMessages = q.value(11).toLongLong();
        r.agent = q.value(12).toString();
        r.group = q.value(13).toString();
        r.host = q.value(14).toString();
        records.append(r);
    }
    return records;
}

pc::Expected<int, QString> TrafficStore::deleteBefore(qint64 before) {
    QSqlDatabase db = QSqlDatabase::database(m_connectionName, false);
    QSqlQuery q(db);
    q.prepare(u"DELETE FROM traffic WHERE time < ?"_s);
    q.bindValue(0, before);
    if (!q.exec())
        return pc::unexpected(u"cannot delete old traffic records: "_s + q.lastError().text());
    return q.numRowsAffected();
}

} // namespace gw
