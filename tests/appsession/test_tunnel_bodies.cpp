// Issue 8, point 2 through the app: request bodies a browser sends to the loopback proxy
// (chunked from curl -T - or an explicit Transfer-Encoding: chunked, or with a
// Content-Length) cross the tunnel and reach the BMC (a real bmcsim process behind a
// real gatewayd) whole, hashed by the BMC as they arrive.
#include "bodyfile.h"
#include "curlrun.h"
#include "gatewayfixture.h"
#include "session/bmcsession.h"
#include "simclient.h"

#include <QJsonDocument>
#include <QTemporaryDir>
#include <QUrl>
#include <catch2/catch.hpp>

using namespace Qt::StringLiterals;
using app::BmcSession;
using bmcsim::test::waitFor;
using testsupport::runCurl;

TEST_CASE("app tunnel: chunked and Content-Length request bodies reach the BMC whole") {
    GatewayFixture::Options o;
    o.platform = u"generic"_s;
    GatewayFixture gw(o);
    REQUIRE(gw.ok());
    BmcSession::Options options;
    options.gatewayCa = {gw.certificate()};
    BmcSession::Failure failure;
    QString message;
    auto session = BmcSession::create(QString::fromLatin1(gw.mint({{u"platform"_s, u"generic"_s}})),
                                      options, &failure, &message);
    REQUIRE(session);
    session->start();
    REQUIRE(waitFor([&] { return session->state() == BmcSession::State::Connected; }, 20000));

    const QUrl entry = session->entryUrl();
    bmcsim::test::Endpoint local;
    local.address = entry.host().toLatin1();
    local.port = quint16(entry.port());
    local.secure = false;
    bmcsim::test::SimClient browser(local);
    REQUIRE(
        browser.get(entry.toString(QUrl::RemoveScheme | QUrl::RemoveAuthority).toLatin1()).status ==
        302);
    REQUIRE(browser
                .post("/redfish/v1/SessionService/Sessions",
                      R"({"UserName":"root","Password":"0penBmc"})",
                      {{"Content-Type", "application/json"}})
                .status == 201);
    const QByteArray cookies = "pmproxy-local=" + browser.cookie("pmproxy-local") +
                               "; SESSION=" + browser.cookie("SESSION");

    QTemporaryDir dir;
    const auto body =
        testsupport::BodyFile::write(dir.filePath(u"body.bin"_s), 2 * 1024 * 1024 + 777, 9);
    REQUIRE(body.ok);
    const QString url = u"http://%1:%2/vmedia/upload"_s.arg(entry.host()).arg(entry.port());
    const QStringList common{u"-sS"_s, u"--fail-with-body"_s, u"-H"_s,
                             u"Cookie: "_s + QString::fromLatin1(cookies), url};
    for (const testsupport::CurlFraming &c : testsupport::curlFramings(body.path)) {
        INFO(c.name);
        const auto result = runCurl(c.args + common, c.stdinFile);
        INFO("curl exit " << result.exitCode << ": " << result.err.toStdString() << " "
                          << result.out.toStdString());
        REQUIRE(result.exitCode == 0);
        const QJsonObject answer = QJsonDocument::fromJson(result.out).object();
        CHECK(answer.value(u"bytes"_s).toInteger() == body.size);
        CHECK(answer.value(u"sha256"_s).toString().toStdString() == body.sha256.toStdString());
    }
}
