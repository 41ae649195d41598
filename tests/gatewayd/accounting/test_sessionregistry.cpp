// The session registry (membership, deltas, ending, re-checking after an apply) and the
// WebSocket message counter.
#include "session/sessionregistry.h"
#include "session/wsframecounter.h"

#include <QDateTime>
#include <QEventLoop>
#include <QTimer>
#include <catch2/catch.hpp>
#include <memory>

using namespace Qt::StringLiterals;
using namespace gw;

namespace {

SessionRegistry::Joining joining(const QString &jti, const QString &token = u"token"_s) {
    SessionRegistry::Joining who;
    who.token = token;
    who.claims.jti = jti;
    who.claims.ip = u"10.0.0.5"_s;
    who.claims.exp = QDateTime::currentSecsSinceEpoch() + 600;
    who.address = QHostAddress(u"10.0.0.5"_s);
    return who;
}

QByteArray frame(bool fin, int opcode, qint64 length, bool masked) {
    QByteArray f;
    f.append(char((fin ? 0x80 : 0) | opcode));
    const char mask = masked ? char(0x80) : char(0);
    if (length < 126) {
        f.append(char(mask | length));
    } else if (length < 65536) {
        f.append(char(mask | 126));
        f.append(char(length >> 8)).append(char(length & 0xff));
    } else {
        f.append(char(mask | 127));
        for (int i = 7; i >= 0; --i)
            f.append(char((length >> (8 * i)) & 0xff));
    }
    if (masked)
        f.append("\x01\x02\x03\x04", 4);
    f.append(QByteArray(length, 'x'));
    return f;
}

} // namespace

TEST_CASE("sessions: connections of one token share a session, which ends with the last") {
    SessionRegistry registry;
    auto a = std::make_unique<QObject>();
    auto b = std::make_unique<QObject>();
    auto ca = std::make_shared<TrafficCounters>();
    auto cb = std::make_shared<TrafficCounters>();
    auto ida = registry.join(joining(u"j1"_s), a.get(), ca, {}, {});
    auto idb = registry.join(joining(u"j1"_s), b.get(), cb, {}, {});
    REQUIRE(ida);
    REQUIRE(idb);
    CHECK(ida->id == idb->id);
    CHECK(ida->id != SessionRegistry::sessionIdFor(joining(u"j2"_s).claims, u"token"_s));
    ca->bytesDown = 10;
    cb->bytesDown = 5;
    REQUIRE(registry.sessions().size() == 1);
    CHECK(registry.sessions()[0].connections == 2);
    CHECK(registry.sessions()[0].traffic.bytesDown == 15);

    a.reset(); // a connection closes: its bytes stay with the session
    REQUIRE(registry.sessions().size() == 1);
    CHECK(registry.sessions()[0].traffic.bytesDown == 15);
    auto usage = registry.takeUsage(1);
    REQUIRE(usage.size() == 1);
    CHECK(usage[0].delta.bytesDown == 15);
    cb->bytesDown = 8;
    b.reset(); // the last one: the session ends, its remainder is still reported
    CHECK(registry.sessions().isEmpty());
    usage = registry.takeUsage(2);
    REQUIRE(usage.size() == 1);
    CHECK(usage[0].delta.bytesDown == 3);
    CHECK(registry.takeUsage(3).isEmpty());
    CHECK(registry.totals().value(SessionPath::Browser).bytesDown == 18);
}

TEST_CASE("sessions: a token without jti gets an id that is not the token") {
    const QString id = SessionRegistry::sessionIdFor(joining(QString()).claims, u"secret-token"_s);
    CHECK(id.size() == 24);
    CHECK_FALSE(id.contains(u"secret"_s));
    CHECK(id != SessionRegistry::sessionIdFor(joining(QString()).claims, u"other-token"_s));
}

TEST_CASE("sessions: end() closes every member and refuses the token afterwards") {
    SessionRegistry registry;
    QObject a;
    QObject other;
    int closed = 0;
    auto counters = std::make_shared<TrafficCounters>();
    const auto id =
        registry.join(joining(u"kick"_s), &a, counters, {}, [&](gw::SessionEnd) { ++closed; });
    REQUIRE(id);
    REQUIRE(registry.join(joining(u"stay"_s), &other, std::make_shared<TrafficCounters>(), {}, {}));
    CHECK(registry.end(id->id));
    CHECK(closed == 1);
    CHECK(registry.sessions().size() == 1);
    QObject b;
    auto again = registry.join(joining(u"kick"_s), &b, counters, {}, {});
    REQUIRE_FALSE(again);
    CHECK(again.error().error == u"session_ended"_s);
    CHECK_FALSE(registry.end(u"nope"_s));
}

TEST_CASE("sessions: endRefused closes exactly the sessions the check refuses") {
    SessionRegistry registry;
    QObject a, b, c;
    int closedA = 0, closedB = 0, closedC = 0;
    registry.join(joining(u"a"_s, u"ta"_s), &a, std::make_shared<TrafficCounters>(), {},
                  [&](gw::SessionEnd) { ++closedA; });
    registry.join(joining(u"b"_s, u"tb"_s), &b, std::make_shared<TrafficCounters>(), {},
                  [&](gw::SessionEnd) { ++closedB; });
    registry.join(joining(u"b"_s, u"tb"_s), &c, std::make_shared<TrafficCounters>(), {},
                  [&](gw::SessionEnd) { ++closedC; });
    const int n = registry.endRefused(
        [](const QString &token, const SessionIdentity &) { return token != u"tb"_s; });
    CHECK(n == 1);
    CHECK(closedA == 0);
    CHECK(closedB == 1);
    CHECK(closedC == 1);
    REQUIRE(registry.sessions().size() == 1);
    CHECK(registry.sessions()[0].identity.jti == u"a"_s);
}

TEST_CASE("sessions: moving a connection to another session splits its counts") {
    SessionRegistry registry;
    QObject conn;
    auto counters = std::make_shared<TrafficCounters>();
    REQUIRE(registry.join(joining(u"first"_s), &conn, counters, {}, {}));
    counters->bytesUp = 100;
    REQUIRE(registry.join(joining(u"second"_s), &conn, counters, *counters, {}));
    counters->bytesUp = 130;
    const auto sessions = registry.sessions();
    REQUIRE(sessions.size() == 1);
    CHECK(sessions[0].identity.jti == u"second"_s);
    CHECK(sessions[0].traffic.bytesUp == 30);
    const auto usage = registry.takeUsage(1);
    qint64 total = 0;
    for (const auto &u : usage)
        total += qint64(u.delta.bytesUp);
    CHECK(total == 130);
}

TEST_CASE("websocket counter: messages are counted across any split, payloads skipped") {
    const QByteArray stream = frame(true, 0x1, 5, true) +     // text
                              frame(false, 0x2, 200, true) +  // binary, first fragment
                              frame(true, 0x9, 0, true) +     // ping between fragments
                              frame(true, 0x0, 70000, true) + // last fragment
                              frame(true, 0x2, 0, false) +    // empty binary, unmasked
                              frame(true, 0x8, 2, false);     // close
    WsFrameCounter whole;
    CHECK(whole.feed(stream) == 3);
    for (qsizetype piece : {1, 2, 3, 7, 64, 1000}) {
        WsFrameCounter split;
        quint64 n = 0;
        for (qsizetype i = 0; i < stream.size(); i += piece)
            n += split.feed(QByteArrayView(stream).sliced(i, std::min(piece, stream.size() - i)));
        CHECK(n == 3);
    }
}

TEST_CASE("sessions: the id of a token without jti comes from its signing input only") {
    const auto claims = joining(QString()).claims;
    const QString id = SessionRegistry::sessionIdFor(claims, u"aGVhZA.cGF5bG9hZA.c2lnLTE"_s);
    // Another signature over the same header and payload (ECDSA's s and n-s): one session.
    CHECK(id == SessionRegistry::sessionIdFor(claims, u"aGVhZA.cGF5bG9hZA.c2lnLTI"_s));
    CHECK(id != SessionRegistry::sessionIdFor(claims, u"aGVhZA.cGF5bG9hZB.c2lnLTE"_s));
}

TEST_CASE("sessions: limits.maxSessions refuses a new session with 429, not a joining member") {
    SessionRegistry registry;
    registry.setPolicy({30, 2});
    QObject a, a2, b, c;
    REQUIRE(registry.join(joining(u"a"_s), &a, std::make_shared<TrafficCounters>(), {}, {}));
    REQUIRE(registry.join(joining(u"b"_s), &b, std::make_shared<TrafficCounters>(), {}, {}));
    auto third = registry.join(joining(u"c"_s), &c, std::make_shared<TrafficCounters>(), {}, {});
    REQUIRE_FALSE(third);
    CHECK(third.error().status == 429);
    CHECK(third.error().error == u"too_many_sessions"_s);
    // A second connection of a live session is no new session.
    CHECK(registry.join(joining(u"a"_s), &a2, std::make_shared<TrafficCounters>(), {}, {}));
    CHECK(registry.sessions().size() == 2);
}

TEST_CASE("sessions: a session whose token is past exp + leeway is closed as expired") {
    SessionRegistry registry;
    registry.setPolicy({5, 100});
    QObject old, fresh;
    std::optional<SessionEnd> oldEnd, freshEnd;
    SessionRegistry::Joining expired = joining(u"old"_s);
    expired.claims.exp = QDateTime::currentSecsSinceEpoch() - 10;
    REQUIRE(registry.join(expired, &old, std::make_shared<TrafficCounters>(), {},
                          [&](SessionEnd e) { oldEnd = e; }));
    REQUIRE(registry.join(joining(u"fresh"_s), &fresh, std::make_shared<TrafficCounters>(), {},
                          [&](SessionEnd e) { freshEnd = e; }));
    QEventLoop loop;
    QObject::connect(&registry, &SessionRegistry::sessionEnded, &loop, &QEventLoop::quit);
    QTimer::singleShot(5000, &loop, &QEventLoop::quit);
    loop.exec();
    CHECK(oldEnd == SessionEnd::Expired);
    CHECK_FALSE(freshEnd.has_value());
    CHECK(registry.sessions().size() == 1);
}
