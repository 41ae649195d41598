// The accounting store: schema versions and migration from an old database, writes and
// reads, retention, and records that survive closing and reopening.
#include "accounting/trafficaccountant.h"
#include "accounting/trafficschema.h"
#include "accounting/trafficstore.h"
#include "session/sessionregistry.h"

#include <QDateTime>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <catch2/catch.hpp>

using namespace Qt::StringLiterals;
using namespace gw;

namespace {

TrafficRecord record(qint64 time, const QString &session, qint64 up, qint64 down) {
    TrafficRecord r;
    r.time = time;
    r.session = session;
    r.ip = u"10.0.0.5"_s;
    r.port = 443;
    r.platform = u"idrac9"_s;
    r.sub = u"tech"_s;
    r.jti = u"j1"_s;
    r.path = u"browser"_s;
    r.bytesUp = up;
    r.bytesDown = down;
    r.requests = 3;
    r.wsMessages = 7;
    return r;
}

// Runs F with a raw connection to PATH (no store open).
template <typename F> void withRawDatabase(const QString &path, F f) {
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, u"raw"_s);
        db.setDatabaseName(path);
        REQUIRE(db.open());
        f(db);
        db.close();
    }
    QSqlDatabase::removeDatabase(u"raw"_s);
}

} // namespace

TEST_CASE("accounting: a new database gets the current schema in WAL mode") {
    QTemporaryDir dir;
    const QString path = dir.filePath(u"sub/traffic.db"_s);
    { REQUIRE(TrafficStore::open(path)); }
    withRawDatabase(path, [](QSqlDatabase &db) {
        CHECK(TrafficSchema::version(db) == TrafficSchema::kCurrentVersion);
        QSqlQuery q(db);
        REQUIRE(q.exec(u"PRAGMA journal_mode"_s));
        REQUIRE(q.next());
        CHECK(q.value(0).toString() == u"wal"_s);
    });
}

TEST_CASE("accounting: a version 1 database is migrated and keeps its records") {
    QTemporaryDir dir;
    const QString path = dir.filePath(u"traffic.db"_s);
    withRawDatabase(path, [](QSqlDatabase &db) {
        REQUIRE(TrafficSchema::migrate(db, 1).isEmpty());
        CHECK(TrafficSchema::version(db) == 1);
        QSqlQuery q(db);
        REQUIRE(q.exec(u"INSERT INTO traffic (time, session, ip, port, platform, sub, jti, path, "
                       "bytesUp, bytesDown) VALUES (100, 's1', '10.0.0.5', 443, 'ilo5', 'u', 'j', "
                       "'browser', 11, 22)"_s));
    });
    auto store = TrafficStore::open(path);
    REQUIRE(store);
    auto records = (*store)->since(0);
    REQUIRE(records);
    REQUIRE(records->size() == 1);
    CHECK(records->at(0).session == u"s1"_s);
    CHECK(records->at(0).bytesUp == 11);
    CHECK(records->at(0).bytesDown == 22);
    CHECK(records->at(0).requests == 0); // added by version 2
    CHECK(records->at(0).wsMessages == 0);
    REQUIRE((*store)->insert({record(200, u"s2"_s, 1, 2)}));
    CHECK((*store)->since(0)->size() == 2);
}

TEST_CASE("accounting: a version 2 database (sub, jti NOT NULL) is migrated with its rows, "
          "and records without sub or jti are stored as NULL") {
    QTemporaryDir dir;
    const QString path = dir.filePath(u"traffic.db"_s);
    withRawDatabase(path, [](QSqlDatabase &db) {
        REQUIRE(TrafficSchema::migrate(db, 2).isEmpty());
        QSqlQuery q(db);
        REQUIRE(q.exec(u"INSERT INTO traffic (id, time, session, ip, port, platform, sub, jti, "
                       "path, bytesUp, bytesDown, requests, wsMessages) VALUES (41, 100, 's1', "
                       "'10.0.0.5', 443, 'ilo5', 'u', 'j', 'browser', 11, 22, 3, 4), (42, 101, "
                       "'s2', '10.0.0.6', 8443, 'idrac9', '', 'j2', 'tunnel', 5, 6, 0, 0)"_s));
    });
    {
        auto store = TrafficStore::open(path);
        REQUIRE(store);
        TrafficRecord anonymous = record(200, u"s3"_s, 7, 8);
        anonymous.sub.clear();
        anonymous.jti.clear();
        auto inserted = (*store)->insert({anonymous});
        INFO((inserted ? QString() : inserted.error().detail).toStdString());
        REQUIRE(inserted);
        auto records = (*store)->since(0);
        REQUIRE(records);
        REQUIRE(records->size() == 3);
        CHECK(records->at(0).sub == u"u"_s);
        CHECK(records->at(0).requests == 3);
        CHECK(records->at(0).wsMessages == 4);
        CHECK(records->at(1).port == 8443);
        CHECK(records->at(1).sub.isEmpty());
        CHECK(records->at(2) == anonymous);
        const QJsonObject json = records->at(2).toJson();
        CHECK(json.value(u"sub"_s).isNull());
        CHECK(json.value(u"jti"_s).isNull());
        CHECK(records->at(0).toJson().value(u"jti"_s).toString() == u"j"_s);
    }
    withRawDatabase(path, [](QSqlDatabase &db) {
        CHECK(TrafficSchema::version(db) == TrafficSchema::kCurrentVersion);
        QSqlQuery q(db);
        REQUIRE(q.exec(u"SELECT id, sub IS NULL, jti IS NULL FROM traffic ORDER BY id"_s));
        QList<QList<int>> rows;
        while (q.next())
            rows.append({q.value(0).toInt(), q.value(1).toInt(), q.value(2).toInt()});
        CHECK(rows == QList<QList<int>>{{41, 0, 0}, {42, 1, 0}, {43, 1, 1}});
        REQUIRE(q.exec(u"SELECT count(*) FROM sqlite_master WHERE name = 'traffic_time'"_s));
        REQUIRE(q.next());
        CHECK(q.value(0).toInt() == 1);
    });
}

TEST_CASE("accounting: a version 4 database gains group and host (ingress), rows kept") {
    QTemporaryDir dir;
    const QString path = dir.filePath(u"traffic.db"_s);
    withRawDatabase(path, [](QSqlDatabase &db) {
        REQUIRE(TrafficSchema::migrate(db, 4).isEmpty());
        QSqlQuery q(db);
        REQUIRE(q.exec(u"INSERT INTO traffic (time, session, ip, port, platform, sub, jti, path, "
                       "bytesUp, bytesDown, agent) VALUES (100, 's1', '10.0.0.5', 443, 'ilo5', "
                       "'u', 'j', 'agent', 11, 22, 'site-a')"_s));
    });
    auto store = TrafficStore::open(path);
    REQUIRE(store);
    TrafficRecord ingress = record(200, u"s2"_s, 5, 6);
    ingress.path = u"ingress"_s;
    ingress.sub.clear();
    ingress.jti.clear();
    ingress.group = u"g1"_s;
    ingress.host = u"app-a.example.test"_s;
    REQUIRE((*store)->insert({ingress}));
    auto records = (*store)->since(0);
    REQUIRE(records);
    REQUIRE(records->size() == 2);
    CHECK(records->at(0).agent == u"site-a"_s);
    CHECK(records->at(0).group.isEmpty());
    CHECK(records->at(0).toJson().value(u"group"_s).isNull());
    CHECK(records->at(1) == ingress);
    const QJsonObject json = records->at(1).toJson();
    CHECK(json.value(u"path"_s).toString() == u"ingress"_s);
    CHECK(json.value(u"group"_s).toString() == u"g1"_s);
    CHECK(json.value(u"host"_s).toString() == u"app-a.example.test"_s);
}

TEST_CASE("accounting: a database newer than this build is refused, not guessed at") {
    QTemporaryDir dir;
    const QString path = dir.filePath(u"traffic.db"_s);
    withRawDatabase(path, [](QSqlDatabase &db) {
        REQUIRE(TrafficSchema::migrate(db).isEmpty());
        QSqlQuery q(db);
        REQUIRE(q.exec(u"UPDATE schema_version SET version = 99"_s));
    });
    auto store = TrafficStore::open(path);
    REQUIRE_FALSE(store);
    CHECK(store.error().contains(u"99"_s));
}

TEST_CASE("accounting: records are written, read since a time, and survive reopening") {
    QTemporaryDir dir;
    const QString path = dir.filePath(u"traffic.db"_s);
    {
        auto store = TrafficStore::open(path);
        REQUIRE(store);
        REQUIRE((*store)->insert(
            {record(100, u"a"_s, 1, 2), record(200, u"b"_s, 3, 4), record(300, u"c"_s, 5, 6)}));
    }
    auto store = TrafficStore::open(path);
    REQUIRE(store);
    auto all = (*store)->since(0);
    REQUIRE(all);
    REQUIRE(all->size() == 3);
    CHECK(all->at(1) == record(200, u"b"_s, 3, 4));
    auto recent = (*store)->since(200);
    REQUIRE(recent);
    REQUIRE(recent->size() == 2);
    CHECK(recent->at(0).session == u"b"_s);
    const QJsonObject json = all->at(0).toJson();
    CHECK(json.value(u"bytesUp"_s).toInteger() == 1);
    CHECK(json.value(u"bytesDown"_s).toInteger() == 2);
    CHECK(json.value(u"path"_s).toString() == u"browser"_s);
}

TEST_CASE("accounting: records older than retentionHours are deleted") {
    auto store = TrafficStore::open(QString());
    REQUIRE(store);
    const qint64 now = QDateTime::currentSecsSinceEpoch();
    REQUIRE((*store)->insert({record(now - 3 * 3600, u"old"_s, 1, 1),
                              record(now - 2 * 3600 + 60, u"young"_s, 1, 1),
                              record(now, u"now"_s, 1, 1)}));
    TrafficStore *raw = store->get();
    TrafficAccountant accountant(nullptr, std::move(store).value(), 2);
    // The accountant prunes when it starts.
    auto left = raw->since(0);
    REQUIRE(left);
    REQUIRE(left->size() == 2);
    CHECK(left->at(0).session == u"young"_s);
    accountant.setRetentionHours(1);
    CHECK(raw->since(0)->size() == 1);
    accountant.prune(now + 2 * 3600);
    CHECK(raw->since(0)->isEmpty());
}

TEST_CASE("accounting: the accountant writes what sessions moved, once") {
    SessionRegistry registry;
    auto store = TrafficStore::open(QString());
    REQUIRE(store);
    TrafficStore *raw = store->get();
    TrafficAccountant accountant(&registry, std::move(store).value(), 24);
    QObject connection;
    auto counters = std::make_shared<TrafficCounters>();
    SessionRegistry::Joining who;
    who.token = u"tok"_s;
    who.claims.jti = u"jti-1"_s;
    who.claims.sub = u"dave"_s;
    who.claims.ip = u"10.1.2.3"_s;
    who.claims.port = 8443;
    who.claims.exp = QDateTime::currentSecsSinceEpoch() + 600;
    REQUIRE(registry.join(who, &connection, counters, {}, {}));
    counters->bytesUp = 1000;
    counters->bytesDown = 5000;
    REQUIRE(accountant.flush());
    counters->bytesDown += 7;
    REQUIRE(accountant.flush());
    REQUIRE(accountant.flush()); // nothing moved: no record
    auto records = raw->since(0);
    REQUIRE(records);
    REQUIRE(records->size() == 2);
    CHECK(records->at(0).bytesUp == 1000);
    CHECK(records->at(0).bytesDown == 5000);
    CHECK(records->at(1).bytesUp == 0);
    CHECK(records->at(1).bytesDown == 7);
    CHECK(records->at(0).sub == u"dave"_s);
    CHECK(records->at(0).ip == u"10.1.2.3"_s);
    CHECK(records->at(0).port == 8443);
    CHECK(records->at(0).path == u"browser"_s);
}
