// Accounting when the database refuses writes: records are held back (not lost) up to
// the backlog limit, the oldest are dropped beyond it and counted, each failure kind is
// logged once per outage, and everything held is written when the database accepts
// writes again. The failure is real: a trigger in the SQLite file that raises.
#include "accounting/trafficaccountant.h"
#include "accounting/trafficstore.h"
#include "session/sessionregistry.h"

#include <QDateTime>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <catch2/catch.hpp>
#include <memory>

using namespace Qt::StringLiterals;
using namespace gw;

namespace {

// Runs SQL on PATH through a connection of its own (as another process would).
bool execRaw(const QString &path, const QString &sql) {
    bool ok = false;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, u"raw-backlog"_s);
        db.setDatabaseName(path);
        db.setConnectOptions(u"QSQLITE_BUSY_TIMEOUT=5000"_s);
        ok = db.open() && QSqlQuery(db).exec(sql);
        db.close();
    }
    QSqlDatabase::removeDatabase(u"raw-backlog"_s);
    return ok;
}

const QString kRefuse = u"CREATE TRIGGER refuse BEFORE INSERT ON traffic "
                        "BEGIN SELECT RAISE(ABORT, 'refused by the test'); END"_s;

// Messages of category gatewayd.accounting at critical level, while installed.
QStringList g_errors;
void collect(QtMsgType type, const QMessageLogContext &context, const QString &message) {
    if (type == QtCriticalMsg && qstrcmp(context.category, "gatewayd.accounting") == 0)
        g_errors.append(message);
}

} // namespace

TEST_CASE("accounting: a refusing database holds records back, drops the oldest beyond the "
          "limit, logs once per kind, and writes the rest when it accepts again") {
    QTemporaryDir dir;
    const QString path = dir.filePath(u"traffic.db"_s);
    auto opened = TrafficStore::open(path);
    REQUIRE(opened);
    TrafficStore *store = opened->get();
    SessionRegistry registry;
    TrafficAccountant accountant(&registry, std::move(opened).value(), 24);
    accountant.setBacklogLimit(3);
    QObject connection;
    auto counters = std::make_shared<TrafficCounters>();
    SessionRegistry::Joining who;
    who.token = u"tok"_s;
    who.claims.ip = u"10.1.2.3"_s; // no sub, no jti
    who.claims.exp = QDateTime::currentSecsSinceEpoch() + 600;
    REQUIRE(registry.join(who, &connection, counters, {}, {}));
    CHECK_FALSE(accountant.health().degraded());

    REQUIRE(execRaw(path, kRefuse));
    g_errors.clear();
    const QtMessageHandler previous = qInstallMessageHandler(collect);
    // Six flushes with traffic in each: six records, three kept (the newest).
    for (int i = 1; i <= 6; ++i) {
        counters->bytesDown += i;
        CHECK_FALSE(accountant.flush());
    }
    qInstallMessageHandler(previous);
    AccountingHealth health = accountant.health();
    CHECK(health.degraded());
    CHECK(health.backlog == 3);
    CHECK(health.backlogLimit == 3);
    CHECK(health.dropped == 3);
    CHECK(health.writeErrors.value(u"constraint"_s) == 6);
    CHECK(health.problem.contains(u"refused by the test"_s));
    INFO(g_errors.join(u'\n').toStdString());
    REQUIRE(g_errors.size() == 2); // the failure (once, not six times) and the dropping
    CHECK(g_errors.at(0).contains(u"cannot write traffic records (constraint)"_s));
    CHECK(g_errors.at(1).contains(u"backlog full"_s));
    CHECK(store->since(0)->isEmpty());

    REQUIRE(execRaw(path, u"DROP TRIGGER refuse"_s));
    CHECK(accountant.flush());
    health = accountant.health();
    CHECK_FALSE(health.degraded());
    CHECK(health.problem.isEmpty());
    CHECK(health.dropped == 3);
    const auto written = store->since(0);
    REQUIRE(written);
    REQUIRE(written->size() == 3);
    CHECK(written->at(0).bytesDown == 4);
    CHECK(written->at(1).bytesDown == 5);
    CHECK(written->at(2).bytesDown == 6);
    CHECK(written->at(0).sub.isEmpty());
    CHECK(written->at(0).jti.isEmpty());

    // A second outage is logged again.
    REQUIRE(execRaw(path, kRefuse));
    g_errors.clear();
    qInstallMessageHandler(collect);
    counters->bytesUp += 1;
    CHECK_FALSE(accountant.flush());
    qInstallMessageHandler(previous);
    CHECK(g_errors.size() == 1);
    CHECK(accountant.health().writeErrors.value(u"constraint"_s) == 7);
    REQUIRE(execRaw(path, u"DROP TRIGGER refuse"_s));
}
