// Issue 5's Done-when for the tunnel path: bytes moved through the app's tunnel show up in
// gatewayd's /api/v1/traffic under path "tunnel" with the right counts (within 1%).
#include "apiclient.h"
#include "gatewayfixture.h"
#include "genericapp.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QUrl>
#include <catch2/catch.hpp>

using namespace Qt::StringLiterals;
using bmcsim::test::waitFor;

namespace {
bool within1Percent(double measured, double expected) {
    return measured >= expected * 0.99 && measured <= expected * 1.01;
}
} // namespace

TEST_CASE("app tunnel: traffic through the tunnel is accounted under path tunnel") {
    GatewayFixture::Options o;
    o.platform = u"generic"_s;
    o.api = true;
    GatewayFixture gw(o);
    REQUIRE(gw.ok());
    GenericApp app(gw, {{u"jti"_s, u"tunnel-transfer"_s}, {u"sub"_s, u"dave"_s}});
    REQUIRE(app.failure() == QString());
    bmcsim::test::SimClient &browser = app.browser();

    constexpr qint64 kDown = 16 << 20;
    constexpr qint64 kUp = 4 << 20;
    const auto down = browser.get("/vmedia/download?size=" + QByteArray::number(kDown));
    REQUIRE(down.status == 200);
    REQUIRE(down.body.size() == kDown);
    const auto up =
        browser.request("PUT", "/vmedia/upload", {{"Content-Type", "application/octet-stream"}},
                        QByteArray(kUp, 'u'));
    REQUIRE(up.status == 200);
    REQUIRE(up.json().value(u"bytes"_s).toInteger() == kUp);

    const ApiClient api(gw.apiPort(), gw.apiToken());
    const auto reply = api.get(u"/api/v1/traffic?since=0"_s); // flushes before answering
    REQUIRE(reply.status == 200);
    double bytesUp = 0, bytesDown = 0;
    for (const QJsonValue &v : reply.json().array()) {
        const QJsonObject r = v.toObject();
        if (r.value(u"jti"_s).toString() != u"tunnel-transfer"_s)
            continue;
        CHECK(r.value(u"path"_s).toString() == u"tunnel"_s);
        CHECK(r.value(u"sub"_s).toString() == u"dave"_s);
        CHECK(r.value(u"platform"_s).toString() == u"generic"_s);
        bytesUp += r.value(u"bytesUp"_s).toDouble();
        bytesDown += r.value(u"bytesDown"_s).toDouble();
    }
    INFO("recorded up " << bytesUp << " down " << bytesDown);
    CHECK(within1Percent(bytesDown, double(kDown)));
    CHECK(within1Percent(bytesUp, double(kUp)));
    // The app's own counters agree (bodies and heads as the browser sent and received them).
    CHECK(within1Percent(double(app.session().bytesDown()), double(kDown)));
}

TEST_CASE("app tunnel: console WebSocket messages through the tunnel are accounted") {
    GatewayFixture::Options o;
    o.platform = u"generic"_s;
    o.api = true;
    GatewayFixture gw(o);
    REQUIRE(gw.ok());
    GenericApp app(gw, {{u"jti"_s, u"tunnel-ws"_s}});
    REQUIRE(app.failure() == QString());
    bmcsim::test::SimClient &browser = app.browser();
    // The console, as the BMC's page opens it: the local origin's cookies (the app's
    // secret one and the BMC's session), the XSRF token as subprotocol.
    bmcsim::test::ConsoleProbe console(app.local(), "/kvm/0", {{"Cookie", app.cookies()}},
                                       {QString::fromLatin1(browser.cookie("XSRF-TOKEN"))});
    REQUIRE(console.waitConnected());
    constexpr int kEchoes = 20;
    int down = 0; // messages received: frames and echoes
    for (int i = 0; i < kEchoes; ++i) {
        const QByteArray event = QByteArray(1, '\x02') + QByteArray(8, char('a' + i));
        console.send(event);
        for (;;) {
            const auto m = console.next();
            REQUIRE(m);
            ++down;
            if (m->size() == event.size() && m->at(0) == '\x03' && m->mid(1) == event.mid(1))
                break;
        }
    }
    console.socket().close();
    REQUIRE(console.waitClosed());

    const ApiClient api(gw.apiPort(), gw.apiToken());
    qint64 messages = 0;
    const bool counted = waitFor([&] {
        // The console's record is written when its stream ends.
        const auto reply = api.get(u"/api/v1/traffic?since=0"_s);
        messages = 0;
        for (const QJsonValue &v : reply.json().array()) {
            const QJsonObject r = v.toObject();
            if (r.value(u"jti"_s).toString() == u"tunnel-ws"_s)
                messages += r.value(u"wsMessages"_s).toInteger();
        }
        return messages >= kEchoes + down;
    });
    INFO("wsMessages " << messages << ", sent " << kEchoes << ", received " << down);
    REQUIRE(counted);
}
