// Accounting end to end on real gatewayd processes: tokens of the original pmproxy
// shape (no sub, no jti) are accounted; a database of the previous schema version is
// migrated at start with its rows; a database that refuses writes makes gatewayd loud
// (an error line, gatewayd_accounting_write_errors_total, /healthz 503 degraded) and
// loses nothing: the held-back records are written once it accepts writes again.
#include "apitestsupport.h"
#include "sessionclient.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QRegularExpression>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <catch2/catch.hpp>

using namespace Qt::StringLiterals;
using namespace apitest;

namespace {

// Runs STATEMENTS on the SQLite file PATH through a connection of the test's own.
bool sql(const QString &path, const QStringList &statements) {
    bool ok = true;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, u"test-raw"_s);
        db.setDatabaseName(path);
        db.setConnectOptions(u"QSQLITE_BUSY_TIMEOUT=5000"_s);
        ok = db.open();
        QSqlQuery q(db);
        for (const QString &s : statements) {
            if (ok && !q.exec(s)) {
                UNSCOPED_INFO(s.toStdString() << ": " << q.lastError().text().toStdString());
                ok = false;
            }
        }
        db.close();
    }
    QSqlDatabase::removeDatabase(u"test-raw"_s);
    return ok;
}

// A token as the original pmproxy's generator made them: exp iat nbf ip upstream only
// (plus port: the emulated BMC does not listen on 443).
QByteArray originalShapeToken(const GatewayFixture &gw) {
    const qint64 now = QDateTime::currentSecsSinceEpoch();
    return gw.mintExactly({{u"exp"_s, now + 300},
                           {u"iat"_s, now},
                           {u"nbf"_s, now},
                           {u"ip"_s, u"127.0.0.1"_s},
                           {u"upstream"_s, u"localhost:%1"_s.arg(gw.gatewayPort())},
                           {u"port"_s, gw.bmcPort()}});
}

// The traffic records whose sub is null (the original-shape token's).
QList<QJsonObject> anonymousRecords(const GatewayFixture &gw) {
    QList<QJsonObject> out;
    for (const QJsonValue &v : api(gw).get(u"/api/v1/traffic?since=0"_s).json().array()) {
        if (v.toObject().value(u"sub"_s).isNull())
            out.append(v.toObject());
    }
    return out;
}

// The value of the sample NAME (with its labels) in a Prometheus text; -1 if absent.
double sample(const QByteArray &metrics, const QByteArray &name) {
    for (const QByteArray &line : metrics.split('\n')) {
        if (line.startsWith(name + ' '))
            return line.mid(name.size() + 1).toDouble();
    }
    return -1;
}

} // namespace

TEST_CASE("accounting: a token without sub and jti (original pmproxy shape) is accounted") {
    GatewayFixture gw(generic());
    REQUIRE(gw.ok());
    const QByteArray token = originalShapeToken(gw);
    REQUIRE_FALSE(token.isEmpty());
    SessionClient client(gw.gatewayPort());
    REQUIRE(client.request(get("/redfish/v1", "pm-session=" + token)) == 200);
    // One record, or two if the periodic write came in the middle of the exchange.
    const QList<QJsonObject> records = anonymousRecords(gw);
    INFO(api(gw).get(u"/api/v1/traffic?since=0"_s).body.toStdString());
    REQUIRE_FALSE(records.isEmpty());
    qint64 bytesDown = 0, requests = 0;
    for (const QJsonObject &r : records) {
        CHECK(r.value(u"jti"_s).isNull());
        CHECK(r.value(u"platform"_s).toString() == u"generic"_s);
        CHECK(r.value(u"port"_s).toInt() == gw.bmcPort());
        bytesDown += r.value(u"bytesDown"_s).toInteger();
        requests += r.value(u"requests"_s).toInteger();
    }
    CHECK(bytesDown >= client.bodyBytes);
    CHECK(requests == 1);
    CHECK(api(gw).get(u"/healthz"_s).status == 200);
    CHECK(gw.gatewayLog().indexOf("cannot write traffic records") < 0);
}

TEST_CASE("accounting: a database of the previous schema (version 2) is migrated at start "
          "and keeps its rows") {
    GatewayFixture gw(generic());
    REQUIRE(gw.ok());
    REQUIRE(gw.terminateGateway() == 0);
    const QString db = gw.databasePath();
    for (const QString &suffix : {u""_s, u"-wal"_s, u"-shm"_s})
        QFile::remove(db + suffix);
    // The schema gatewayd wrote up to version 2, verbatim.
    REQUIRE(
        sql(db, {u"CREATE TABLE schema_version (version INTEGER NOT NULL)"_s,
                 u"INSERT INTO schema_version (version) VALUES (2)"_s,
                 u"CREATE TABLE traffic (id INTEGER PRIMARY KEY AUTOINCREMENT, "
                 "time INTEGER NOT NULL, session TEXT NOT NULL, ip TEXT NOT NULL, "
                 "port INTEGER NOT NULL, platform TEXT NOT NULL, sub TEXT NOT NULL, "
                 "jti TEXT NOT NULL, path TEXT NOT NULL, bytesUp INTEGER NOT NULL, "
                 "bytesDown INTEGER NOT NULL, requests INTEGER NOT NULL DEFAULT 0, "
                 "wsMessages INTEGER NOT NULL DEFAULT 0)"_s,
                 u"CREATE INDEX traffic_time ON traffic (time)"_s,
                 // An hour old: within accounting.retentionHours (24).
                 u"INSERT INTO traffic (time, session, ip, port, platform, sub, jti, path, "
                 "bytesUp, bytesDown, requests, wsMessages) VALUES (%1, 'old-session', "
                 "'10.0.0.9', 443, 'ilo5', 'alice', 'old-jti', 'browser', 123, 456, 7, 8)"_s.arg(
                     QDateTime::currentSecsSinceEpoch() - 3600),
                 u"PRAGMA journal_mode=WAL"_s}));
    REQUIRE(gw.restartGateway());
    CHECK(gw.waitForGatewayLog("schema version 4").contains("migrated to schema version 4"));

    SessionClient client(gw.gatewayPort());
    REQUIRE(client.request(get("/redfish/v1", "pm-session=" + originalShapeToken(gw))) == 200);
    const QJsonArray all = api(gw).get(u"/api/v1/traffic?since=0"_s).json().array();
    INFO(QJsonDocument(all).toJson().toStdString());
    REQUIRE(all.size() >= 2);
    const QJsonObject old = all.at(0).toObject();
    CHECK(old.value(u"session"_s).toString() == u"old-session"_s);
    CHECK(old.value(u"sub"_s).toString() == u"alice"_s);
    CHECK(old.value(u"jti"_s).toString() == u"old-jti"_s);
    CHECK(old.value(u"bytesUp"_s).toInteger() == 123);
    CHECK(old.value(u"bytesDown"_s).toInteger() == 456);
    CHECK(old.value(u"requests"_s).toInteger() == 7);
    for (qsizetype i = 1; i < all.size(); ++i)
        CHECK(all.at(i).toObject().value(u"sub"_s).isNull());
}

TEST_CASE("accounting: a database that refuses writes is loud and loses nothing") {
    GatewayFixture gw(generic());
    REQUIRE(gw.ok());
    const ApiClient client = api(gw);
    REQUIRE(sql(gw.databasePath(), {u"CREATE TRIGGER refuse BEFORE INSERT ON traffic BEGIN "
                                    "SELECT RAISE(ABORT, 'refused by the test'); END"_s}));
    const QByteArray cookies =
        "pm-session=" + gw.mint({{u"platform"_s, u"generic"_s}, {u"jti"_s, u"held"_s}});
    SessionClient session(gw.gatewayPort());
    // Two rounds of traffic, each followed by a write attempt (GET /api/v1/traffic
    // writes what sessions moved before it reads).
    for (int round = 0; round < 2; ++round) {
        REQUIRE(session.request(get("/redfish/v1", cookies)) == 200);
        CHECK(client.get(u"/api/v1/traffic?since=0"_s).json().array().isEmpty());
    }
    const QByteArray log = gw.waitForGatewayLog("cannot write traffic records");
    INFO(log.toStdString());
    CHECK(log.count("gatewayd.accounting: cannot write traffic records (constraint)") == 1);

    const auto health = client.get(u"/healthz"_s);
    INFO(health.body.toStdString());
    CHECK(health.status == 503);
    const QJsonObject degraded = health.json().object();
    CHECK(degraded.value(u"status"_s).toString() == u"degraded"_s);
    CHECK(degraded.value(u"detail"_s).toString().contains(u"held back"_s));
    CHECK(degraded.value(u"detail"_s).toString().contains(u"refused by the test"_s));
    const QByteArray metrics = client.get(u"/metrics"_s).body;
    INFO(metrics.toStdString());
    CHECK(sample(metrics, "gatewayd_accounting_write_errors_total{kind=\"constraint\"}") >= 2);
    CHECK(sample(metrics, "gatewayd_accounting_backlog_records") >= 2);
    CHECK(sample(metrics, "gatewayd_accounting_backlog_limit") == 100000);
    CHECK(sample(metrics, "gatewayd_accounting_records_dropped_total") == 0);

    // The database accepts writes again: everything held back is written.
    REQUIRE(sql(gw.databasePath(), {u"DROP TRIGGER refuse"_s}));
    const QJsonObject live = sessionWithJti(gw, u"held"_s);
    const Sums recorded = trafficOf(gw, live.value(u"id"_s).toString());
    CHECK(recorded.records >= 2);
    CHECK(recorded.bytesDown == live.value(u"bytesDown"_s).toInteger());
    CHECK(recorded.bytesUp == live.value(u"bytesUp"_s).toInteger());
    CHECK(recorded.requests == 2);
    CHECK(client.get(u"/healthz"_s).status == 200);
    CHECK(gw.waitForGatewayLog("work again").contains("accounting writes work again"));
    CHECK(sample(client.get(u"/metrics"_s).body, "gatewayd_accounting_backlog_records") == 0);
}
