// `pmproxy --headless` ends a session whose token ran out by the session's clock (exit 3,
// PRODUCT.md §3) before connecting; a fake clock stands in for the wait.
#include "apptestsupport.h"
#include "fakeclock.h"
#include "headless/headlessrunner.h"

#include <QDateTime>
#include <catch2/catch.hpp>

using namespace Qt::StringLiterals;
using app::BmcSession;

TEST_CASE("headless: a token expired on the session's clock ends with exit 3 at start") {
    const auto clock = testsupport::FakeClock::atSecs(QDateTime::currentSecsSinceEpoch());
    BmcSession::Options options;
    options.clock = clock;
    BmcSession::Failure failure = BmcSession::Failure::None;
    QString message;
    auto session =
        BmcSession::create(apptest::mintToken({{u"exp"_s, clock->secsSinceEpoch() + 60}}), options,
                           &failure, &message);
    INFO(message.toStdString());
    REQUIRE(session);
    const BmcSession *watched = session.get();
    app::HeadlessRunner runner(std::move(session));
    int code = -1;
    QObject::connect(&runner, &app::HeadlessRunner::finished, [&](int c) { code = c; });

    clock->advanceSecs(60); // exp: the token's last moment has passed on the session's clock
    runner.start();
    CHECK(code == 3);
    CHECK(watched->state() != BmcSession::State::Connecting);
}
