// The emulated BMCs' own pages in a real browser engine: log in through the form, see
// the welcome text from the authenticated API, open the console and watch frames of
// the test pattern arrive and input echoes come back — with no check refusing anything.

#include "../test/simclient.h"
#include "bmcsim/testpattern.h"
#include "browserpage.h"

#include <QVariantList>
#include <catch2/catch.hpp>

using namespace Qt::StringLiterals;
using namespace bmcsim;
using namespace bmcsim::test;

namespace {

void logIn(BrowserPage &page, const BmcServer &server) {
    REQUIRE(page.waitUntil(u"document.getElementById('login')"_s));
    page.eval(u"document.getElementById('user').value = '%1';"
              "document.getElementById('password').value = '%2';"
              "document.getElementById('login').requestSubmit(); true"_s.arg(server.user(),
                                                                             server.password()));
}

QString text(BrowserPage &page, const QString &id) {
    return page.eval(u"(document.getElementById('%1') || {}).textContent"_s.arg(id)).toString();
}

// The console shows frames whose pixels are the pattern and counts input echoes.
void expectConsole(BrowserPage &page) {
    REQUIRE(page.waitUntil(u"document.getElementById('screen')"_s));
    INFO("console page " << page.url().toString().toStdString() << " status "
                         << text(page, u"status"_s).toStdString());
    REQUIRE(page.waitUntil(u"Number(document.getElementById('frames').textContent) >= 3"_s));
    const QVariantList sample =
        page.eval(u"[Number(document.getElementById('frameNumber').textContent),"
                  " Array.from(document.getElementById('screen').getContext('2d')"
                  "  .getImageData(0, 0, 64, 48).data)]"_s)
            .toList();
    REQUIRE(sample.size() == 2);
    const auto n = quint32(sample[0].toUInt());
    const QVariantList rgba = sample[1].toList();
    REQUIRE(rgba.size() == 64 * 48 * 4);
    int wrong = 0;
    for (int y = 0; y < 48; ++y) {
        for (int x = 0; x < 64; ++x) {
            const int i = (y * 64 + x) * 4;
            const pattern::Rgb seen{quint8(rgba[i].toUInt()), quint8(rgba[i + 1].toUInt()),
                                    quint8(rgba[i + 2].toUInt())};
            wrong += seen == pattern::pixel(x, y, n) ? 0 : 1;
        }
    }
    CHECK(wrong == 0);

    page.eval(u"document.dispatchEvent(new KeyboardEvent('keydown', {key: 'a'})); true"_s);
    CHECK(page.waitUntil(u"Number(document.getElementById('echoes').textContent) >= 1"_s));
}

struct Flow {
    Platform platform;
    QString welcomePath; // where the login leads
};

} // namespace

TEST_CASE("browser: log in, welcome, console on every platform", "[bmcsim][browser]") {
    const Flow flow = GENERATE(Flow{Platform::Idrac9, u"/restgui/index.html"_s},
                               Flow{Platform::Idrac8, u"/index.html"_s},
                               Flow{Platform::Ilo5, u"/html/summary.html"_s},
                               Flow{Platform::AsrockRack, u"/dashboard.html"_s},
                               Flow{Platform::Generic, u"/overview.html"_s});
    SimFixture bmc(ServerOptions::of(flow.platform));
    INFO("platform " << platformName(flow.platform).toStdString());
    BrowserPage page;
    REQUIRE(page.load(QUrl(bmc.client.url("/"))));
    logIn(page, bmc.server);

    REQUIRE(page.waitUntil(u"location.pathname === '%1'"_s.arg(flow.welcomePath)));
    REQUIRE(page.waitUntil(u"document.getElementById('welcome').textContent === 'Welcome %1'"_s.arg(
        bmc.server.user())));
    if (flow.platform == Platform::Ilo5)
        CHECK(page.waitUntil(u"document.getElementById('firmware').textContent.includes('iLO')"_s));

    page.eval(u"document.getElementById('console').click(); true"_s);
    expectConsole(page);
    CHECK(text(page, u"message"_s).isEmpty());
    CHECK(bmc.server.checkLog().reasons().isEmpty());
}
