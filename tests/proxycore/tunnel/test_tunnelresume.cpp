// Heartbeats, resume after a dropped connection, the server's grace period, and the
// reconnect backoff.
#include "fakeclock.h"
#include "tunnel/reconnectpolicy.h"
#include "tunnel/tunnelsessionholder.h"
#include "tunneltestsupport.h"

#include <catch2/catch.hpp>

using namespace tunneltest;
using pc::TunnelSession;
using pc::TunnelStream;

namespace {

pc::HttpRequestHead consoleRequest() {
    pc::HttpRequestHead head;
    head.method = "GET";
    head.target = "/console";
    head.headers = {{"Upgrade", "websocket"}, {"Connection", "Upgrade"}};
    return head;
}

} // namespace

TEST_CASE("heartbeat: a silent peer is detected on both ends, streams wait for a resume") {
    SessionPair pair;
    REQUIRE(waitFor([&] { return pair.established(); }));
    TunnelStream *stream =
        pair.client->openStream(pc::TunnelStreamKind::WebSocket, consoleRequest());
    REQUIRE(waitFor([&] { return !pair.serverStreams.isEmpty(); }));
    SignalCounter clientLost(pair.client, &TunnelSession::detached);
    SignalCounter serverLost(pair.server, &TunnelSession::detached);
    QElapsedTimer clock;
    clock.start();
    pair.clientEnd->setBlackHole(true); // the network silently drops everything
    REQUIRE(waitFor([&] { return clientLost.count == 1 && serverLost.count == 1; }, 5000));
    // deadAfterMs is 400 in these tests; well under the product's 15 s either way.
    CHECK(clock.elapsed() < 2000);
    CHECK(pair.client->state() == TunnelSession::State::Detached);
    CHECK(pair.server->state() == TunnelSession::State::Detached);
    CHECK_FALSE(stream->isFinished());
    CHECK_FALSE(stream->error());
    CHECK(pair.client->transport() == nullptr); // resources of the dead link freed
}

TEST_CASE("heartbeat: pings measure the round trip and keep an idle tunnel up") {
    SessionPair pair;
    REQUIRE(waitFor([&] { return pair.established(); }));
    SignalCounter lost(pair.client, &TunnelSession::detached);
    REQUIRE(waitFor([&] { return pair.client->roundTripMs().has_value(); }, 2000));
    waitFor([] { return false; }, 1000); // idle for 2.5 x deadAfterMs
    CHECK(lost.count == 0);
    CHECK(pair.established());
}

TEST_CASE("resume: a cut mid-stream continues byte for byte in both directions") {
    pc::TunnelOptions options = fastOptions();
    options.dataChunkBytes = 16 * 1024;
    SessionPair pair(options, options);
    REQUIRE(waitFor([&] { return pair.established(); }));
    const QByteArray token = pair.client->resumeToken();
    TunnelStream *console =
        pair.client->openStream(pc::TunnelStreamKind::WebSocket, consoleRequest());
    REQUIRE(waitFor([&] { return !pair.serverStreams.isEmpty(); }));
    TunnelStream *bmcSide = pair.serverStreams.first();
    pc::HttpResponseHead switching;
    switching.status = 101;
    bmcSide->sendResponse(switching);
    Drain down(console);
    Drain up(bmcSide);

    const qsizetype total = 3 * 1024 * 1024;
    qsizetype upSent = 0;
    qsizetype downSent = 0;
    auto pump = [&](qsizetype until) {
        while (upSent < until) {
            console->write(pattern(quint64(upSent), 8192, 1));
            upSent += 8192;
        }
        while (downSent < until) {
            bmcSide->write(pattern(quint64(downSent), 8192, 2));
            downSent += 8192;
        }
    };
    pump(1024 * 1024);
    REQUIRE(waitFor([&] { return down.data.size() > 256 * 1024 && up.data.size() > 256 * 1024; }));

    // Cut the link while data is in flight both ways and more is queued.
    pair.clientEnd->setPaused(true);
    pair.serverEnd->setPaused(true);
    pump(2 * 1024 * 1024);
    QCoreApplication::processEvents();
    SignalCounter serverLost(pair.server, &TunnelSession::detached);
    SignalCounter clientLost(pair.client, &TunnelSession::detached);
    pair.clientEnd->abort();
    REQUIRE(waitFor([&] { return serverLost.count == 1 && clientLost.count == 1; }));
    CHECK(down.data.size() < 2 * 1024 * 1024);
    pump(total); // the application keeps writing while detached

    SignalCounter resumed(pair.client, &TunnelSession::established);
    pair.connect();
    REQUIRE(waitFor([&] { return resumed.count == 1 && pair.established(); }));
    CHECK(pair.client->resumeToken() == token);
    REQUIRE(waitFor([&] { return down.data.size() == total && up.data.size() == total; }, 30000));
    CHECK(down.data == pattern(0, total, 2));
    CHECK(up.data == pattern(0, total, 1));
    CHECK_FALSE(console->error());
    CHECK_FALSE(bmcSide->error());
    CHECK(pair.serverStreams.size() == 1); // the same stream, not a new one
}

TEST_CASE("resume: the server's grace period ends detached sessions and their streams") {
    pc::TunnelOptions options = fastOptions();
    options.graceMs = 300;
    pc::TunnelSessionHolder holder(options.graceMs);
    SessionPair pair(options, options);
    REQUIRE(waitFor([&] { return pair.established(); }));
    TunnelStream *console =
        pair.client->openStream(pc::TunnelStreamKind::WebSocket, consoleRequest());
    REQUIRE(waitFor([&] { return !pair.serverStreams.isEmpty(); }));
    QPointer<TunnelStream> bmcSide = pair.serverStreams.first();
    QPointer<TunnelSession> server = pair.server;
    pair.server = nullptr; // the holder owns it now
    holder.add(server, u"tech@example.com"_qs);
    CHECK(holder.find(pair.client->resumeToken(), u"tech@example.com"_qs) == server);
    CHECK(holder.find(pair.client->resumeToken(), u"someone-else"_qs) == nullptr);
    CHECK(holder.find(QByteArray(32, 'x'), u"tech@example.com"_qs) == nullptr);

    SignalCounter expired(&holder, &pc::TunnelSessionHolder::expired);
    SignalCounter bmcError(bmcSide.data(), &TunnelStream::errorOccurred);
    pair.clientEnd->abort();
    REQUIRE(waitFor([&] { return expired.count == 1; }, 5000));
    CHECK(bmcError.count == 1);
    CHECK(bmcError.lastError.code == pc::TunnelErrorCode::SessionLost);
    REQUIRE(waitFor([&] { return server.isNull(); })); // freed
    CHECK(holder.count() == 0);

    // The client comes back too late: a new session, and its old stream fails.
    TunnelSession fresh(TunnelSession::Role::Server, options);
    SignalCounter consoleError(console, &TunnelStream::errorOccurred);
    auto [a, b] = pc::MemoryTransport::createPair();
    QObject::connect(b, &pc::MessageTransport::messageReceived, &fresh,
                     [&fresh, b = b](const QByteArray &bytes) {
                         if (fresh.state() == TunnelSession::State::New)
                             fresh.acceptTransport(b, pc::TunnelCodec().decode(bytes)->hello());
                     });
    pair.client->connectTransport(a);
    REQUIRE(waitFor([&] { return pair.client->state() == TunnelSession::State::Attached; }));
    CHECK(consoleError.count == 1);
    CHECK(pair.client->resumeToken() == fresh.resumeToken());
}

TEST_CASE("reconnect: jittered exponential backoff, capped, stopping at token expiry") {
    const auto clock = testsupport::FakeClock::atSecs(1'700'000'000);
    double r = 0.0;
    pc::ReconnectPolicy policy({500, 15000, clock->utc().addSecs(120)}, clock, [&] { return r; });
    // With the lowest jitter the delays are half the ceilings; with the highest, the ceilings.
    QList<int> low;
    for (int i = 0; i < 8; ++i)
        low.append(*policy.nextDelayMs());
    CHECK(low == QList<int>{250, 500, 1000, 2000, 4000, 7500, 7500, 7500});
    policy.reset();
    r = 0.999999;
    QList<int> high;
    for (int i = 0; i < 8; ++i)
        high.append(*policy.nextDelayMs());
    CHECK(high == QList<int>{499, 999, 1999, 3999, 7999, 14999, 14999, 14999});
    // Random picks stay inside [ceiling / 2, ceiling].
    pc::ReconnectPolicy random({500, 15000, {}});
    for (int i = 0; i < 50; ++i) {
        const int ceiling = qMin(500 << qMin(i, 10), 15000);
        const int d = *random.nextDelayMs();
        CHECK(d >= ceiling / 2);
        CHECK(d <= ceiling);
    }
    // No attempt that would start after the token expired.
    clock->advanceSecs(115);
    CHECK_FALSE(policy.nextDelayMs().has_value());
    clock->advanceSecs(10);
    CHECK(policy.expired());
}

TEST_CASE("reconnect: a null validUntil never expires (an agent keeps trying)") {
    const auto clock = testsupport::FakeClock::atSecs(1'700'000'000);
    pc::ReconnectPolicy policy({500, 15000, QDateTime()}, clock, [] { return 0.5; });
    for (int i = 0; i < 100; ++i) {
        clock->advanceSecs(365LL * 24 * 3600);
        CHECK_FALSE(policy.expired());
        REQUIRE(policy.nextDelayMs().has_value());
    }
    CHECK(*policy.nextDelayMs() == 11250); // capped: 15000 with the middle jitter
}
