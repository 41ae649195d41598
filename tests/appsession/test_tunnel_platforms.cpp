// The app's path end to end: a BmcSession (tunnel client + loopback proxy) to a real
// gatewayd in front of a real bmcsim. A browser-like client, given only the session's
// entry URL, logs in to each emulated BMC through the loopback proxy and the tunnel,
// and its console WebSocket streams the test pattern and echoes input.
#include "browserflow.h"
#include "gatewayfixture.h"
#include "session/bmcsession.h"

#include <QUrl>
#include <catch2/catch.hpp>

using namespace Qt::StringLiterals;
using namespace flowtest;
using bmcsim::test::waitFor;

namespace {

struct AppSession {
    GatewayFixture gw;
    std::unique_ptr<app::BmcSession> session;

    explicit AppSession(const QString &platform, const QJsonObject &claims = {},
                        bool compressingBmc = false)
        : gw([&] {
            GatewayFixture::Options o;
            o.platform = platform;
            o.compressingBmc = compressingBmc;
            return o;
        }()) {
        REQUIRE(gw.ok());
        QJsonObject c = claims;
        c.insert(u"platform"_s, platform);
        app::BmcSession::Options options;
        options.gatewayCa = {gw.certificate()};
        app::BmcSession::Failure failure;
        QString message;
        session = app::BmcSession::create(u"pmproxy://gpsession?token="_s +
                                              QString::fromLatin1(gw.mint(c)),
                                          options, &failure, &message);
        INFO(message.toStdString());
        REQUIRE(session);
    }

    bool connect() {
        session->start();
        return waitFor(
                   [&] {
                       return session->state() == app::BmcSession::State::Connected ||
                              session->state() == app::BmcSession::State::Failed;
                   },
                   20000) &&
               session->state() == app::BmcSession::State::Connected;
    }

    bmcsim::test::Endpoint local() const {
        const QUrl url = session->entryUrl();
        bmcsim::test::Endpoint e;
        e.address = url.host().toLatin1();
        e.port = quint16(url.port());
        e.secure = false;
        return e;
    }
    QByteArray entryPath() const {
        return session->entryUrl().toString(QUrl::RemoveScheme | QUrl::RemoveAuthority).toLatin1();
    }
};

} // namespace

TEST_CASE("app tunnel: every platform's UI and live console through the loopback proxy") {
    const QString platform =
        GENERATE(u"idrac9"_s, u"idrac8"_s, u"ilo5"_s, u"asrockrack"_s, u"generic"_s);
    // Compressing: bmcsim gzips HTML/JS/JSON as firmware does; every body must still be
    // rewritten on the way through the tunnel.
    const bool compressing = GENERATE(false, true);
    INFO("platform " << platform.toStdString() << (compressing ? ", compressing BMC" : ""));
    AppSession app(platform, {}, compressing);
    REQUIRE(app.connect());
    CHECK(app.session->entryUrl().scheme() == u"http"_s);
    CHECK(app.session->entryUrl().host().startsWith(u"127."_s));

    FlowOutcome walk = walkPlatform(platform, app.local(), app.entryPath(), "pmproxy-local",
                                    "https://127.0.0.1:" + QByteArray::number(app.gw.bmcPort()));
    INFO(walk.describe());
    REQUIRE(walk.ok());
    bmcsim::test::expectPatternAndEcho(*walk.console);
    CHECK(waitFor([&] { return app.session->bytesDown() > 0 && app.session->bytesUp() > 0; }));
}

TEST_CASE("app tunnel: the loopback proxy refuses requests without the session secret") {
    AppSession app(u"generic"_s);
    REQUIRE(app.connect());
    bmcsim::test::SimClient stranger(app.local());
    const auto r = stranger.get("/redfish/v1");
    CHECK(r.status == 403);
    CHECK(r.json().value(u"error"_s).toString() == u"no_session"_s);
    const auto rebinding = stranger.get("/redfish/v1", {{"Host", "evil.example"}});
    CHECK(rebinding.status == 421);
}

TEST_CASE("app tunnel: a token the gateway refuses fails the session with its reason") {
    GatewayFixture gw;
    REQUIRE(gw.ok());
    app::BmcSession::Options options;
    options.gatewayCa = {gw.certificate()};
    app::BmcSession::Failure failure;
    QString message;
    auto session =
        app::BmcSession::create(QString::fromLatin1(gw.mintForged()), options, &failure, &message);
    REQUIRE(session);
    session->start();
    REQUIRE(waitFor([&] { return session->state() == app::BmcSession::State::Failed; }, 20000));
    CHECK(session->failure() == app::BmcSession::Failure::Gateway);
    INFO(session->failureMessage().toStdString());
    // The gateway's own reason, not just "refused".
    CHECK(session->failureMessage().contains(u"bad_signature"_s));
}
