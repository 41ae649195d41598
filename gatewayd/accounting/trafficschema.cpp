#include "accounting/trafficschema.h"

#include "accounting/accountinglog.h"

#include <QSqlError>
#include <QSqlQuery>
#include <QStringList>

using namespace Qt::StringLiterals;

namespace gw {

namespace {

// Statements that take the database from version N-1 to N, at index N-1.
QList<QStringList> steps() {
    return {
        {u"CREATE TABLE schema_version (version INTEGER NOT NULL)"_s,
         u"INSERT INTO schema_version (version) VALUES (0)"_s,
         u"CREATE TABLE traffic ("
         "id INTEGER PRIMARY KEY AUTOINCREMENT, time INTEGER NOT NULL, session TEXT NOT NULL, "
         "ip TEXT NOT NULL, port INTEGER NOT NULL, platform TEXT NOT NULL, sub TEXT NOT NULL, "
         "jti TEXT NOT NULL, path TEXT NOT NULL, bytesUp INTEGER NOT NULL, "
         "bytesDown INTEGER NOT NULL)"_s},
        {u"ALTER TABLE traffic ADD COLUMN requests INTEGER NOT NULL DEFAULT 0"_s,
         u"ALTER TABLE traffic ADD COLUMN wsMessages INTEGER NOT NULL DEFAULT 0"_s,
         u"CREATE INDEX traffic_time ON traffic (time)"_s},
        // sub and jti are optional claims (PRODUCT.md §2): NULL when a token has none.
        // SQLite cannot drop a NOT NULL, so the table is rebuilt with its rows and ids.
        {u"CREATE TABLE traffic_v3 ("
         "id INTEGER PRIMARY KEY AUTOINCREMENT, time INTEGER NOT NULL, session TEXT NOT NULL, "
         "ip TEXT NOT NULL, port INTEGER NOT NULL, platform TEXT NOT NULL, sub TEXT, jti TEXT, "
         "path TEXT NOT NULL, bytesUp INTEGER NOT NULL, bytesDown INTEGER NOT NULL, "
         "requests INTEGER NOT NULL DEFAULT 0, wsMessages INTEGER NOT NULL DEFAULT 0)"_s,
         u"INSERT INTO traffic_v3 (id, time, session, ip, port, platform, sub, jti, path, "
         "bytesUp, bytesDown, requests, wsMessages) SELECT id, time, session, ip, port, "
         "platform, NULLIF(sub, ''), NULLIF(jti, ''), path, bytesUp, bytesDown, requests, "
         "wsMessages FROM traffic"_s,
         u"DROP TABLE traffic"_s, u"ALTER TABLE traffic_v3 RENAME TO traffic"_s,
         u"CREATE INDEX traffic_time ON traffic (time)"_s},
        {u"ALTER TABLE traffic ADD COLUMN agent TEXT"_s},
        // Ingress to node groups: the group and the route's host ("group" is an SQL
        // keyword, hence grp; JSON says "group").
        {u"ALTER TABLE traffic ADD COLUMN grp TEXT"_s,
         u"ALTER TABLE traffic ADD COLUMN host TEXT"_s},
    };
}

} // namespace

int TrafficSchema::version(const QSqlDatabase &db) {
    if (!db.tables().contains(u"schema_version"_s))
        return 0;
    QSqlQuery q(db);
    if (!q.exec(u"SELECT version FROM schema_version"_s) || !q.next())
        return -1;
    return q.value(0).toInt();
}

QString TrafficSchema::migrate(QSqlDatabase &db, int target) {
    const int from = version(db);
    if (from < 0)
        return u"cannot read the schema version: "_s + db.lastError().text();
    if (from > kCurrentVersion)
        return u"the database has schema version %1, newer than this gatewayd knows (%2)"_s
            .arg(from)
            .arg(kCurrentVersion);
    const QList<QStringList> all = steps();
    for (int v = from + 1; v <= target; ++v) {
        if (!db.transaction())
            return u"cannot begin a transaction: "_s + db.lastError().text();
        QSqlQuery q(db);
        QStringList statements = all.at(v - 1);
        statements.append(u"UPDATE schema_version SET version = %1"_s.arg(v));
        for (const QString &sql : std::as_const(statements)) {
            if (!q.exec(sql)) {
                const QString why = q.lastError().text();
                db.rollback();
                return u"migration to schema version %1 failed: %2"_s.arg(v).arg(why);
            }
        }
        if (!db.commit())
            return u"cannot commit schema version %1: "_s.arg(v) + db.lastError().text();
        qCInfo(lcAccounting) << "accounting database migrated to schema version" << v;
    }
    return {};
}

} // namespace gw
