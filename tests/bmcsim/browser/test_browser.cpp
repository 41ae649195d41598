// The emulated BMCs' own pages in a real browser engine: log in through the form, see
// the welcome text from the authenticated API, open the console and watch frames of
// the test pattern arrive and input echoes come back — with no check refusing anything.

#include "bmcsim/testpattern.h"
#include "browserpage.h"
#include "pagechecks.h"
#include "simclient.h"

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
    REQUIRE(page.waitUntil(pages::framesDrawn(3)));
    CHECK(pages::wrongPixels(page.eval(pages::consoleSample()).toList()) == 0);

    page.eval(u"document.dispatchEvent(new KeyboardEvent('keydown', {key: 'a'})); true"_s);
    CHECK(page.waitUntil(pages::echoesCounted(1)));
}

} // namespace

TEST_CASE("browser: log in, welcome, console on every platform", "[bmcsim][browser]") {
    const pages::Flow flow = GENERATE(from_range(pages::flows()));
    SimFixture bmc(ServerOptions::of(flow.platform));
    INFO("platform " << platformName(flow.platform).toStdString());
    BrowserPage page;
    REQUIRE(page.load(QUrl(bmc.client.url("/"))));
    logIn(page, bmc.server);

    REQUIRE(page.waitUntil(u"location.pathname === '%1'"_s.arg(flow.welcomePath)));
    REQUIRE(page.waitUntil(pages::welcomeShown(bmc.server.user())));
    if (flow.platform == Platform::Ilo5)
        CHECK(page.waitUntil(u"document.getElementById('firmware').textContent.includes('iLO')"_s));

    page.eval(u"document.getElementById('console').click(); true"_s);
    expectConsole(page);
    CHECK(text(page, u"message"_s).isEmpty());
    CHECK(bmc.server.checkLog().reasons().isEmpty());
}
