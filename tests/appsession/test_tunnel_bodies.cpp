// Issue 8, point 2 through the app: request bodies a browser sends to the loopback proxy
// (chunked from curl -T - or an explicit Transfer-Encoding: chunked, or with a
// Content-Length) cross the tunnel and reach the BMC (a real bmcsim process behind a
// real gatewayd) whole, hashed by the BMC as they arrive.
#include "curlrun.h"
#include "gatewayfixture.h"
#include "session/bmcsession.h"
#include "simclient.h"

#include <QCryptographicHash>
#include <QFile>
#include <QJsonDocument>
#include <QRandomGenerator>
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
    const QString file = dir.filePath(u"body.bin"_s);
    QByteArray body(2 * 1024 * 1024 + 777, Qt::Uninitialized);
    QRandomGenerator rng(9);
    for (char &c : body)
        c = char(rng.generate() & 0xff);
    {
        QFile f(file);
        REQUIRE(f.open(QIODevice::WriteOnly));
        REQUIRE(f.write(body) == body.size());
    }
    const QString sha =
        QString::fromLatin1(QCryptographicHash::hash(body, QCryptographicHash::Sha256).toHex());
    const QString url = u"http://%1:%2/vmedia/upload"_s.arg(entry.host()).arg(entry.port());
    const QStringList common{u"-sS"_s, u"--fail-with-body"_s, u"-H"_s,
                             u"Cookie: "_s + QString::fromLatin1(cookies), url};
    struct Case {
        const char *name;
        QStringList args;
        QString stdinFile;
    };
    const QList<Case> cases{
        {"curl -T - (stdin, chunked)", {u"-T"_s, u"-"_s}, file},
        {"curl -H 'Transfer-Encoding: chunked' --data-binary",
         {u"-H"_s, u"Transfer-Encoding: chunked"_s, u"--data-binary"_s, u"@"_s + file},
         {}},
        {"curl --data-binary (Content-Length)", {u"--data-binary"_s, u"@"_s + file}, {}},
    };
    for (const Case &c : cases) {
        INFO(c.name);
        const auto result = runCurl(c.args + common, c.stdinFile);
        INFO("curl exit " << result.exitCode << ": " << result.err.toStdString() << " "
                          << result.out.toStdString());
        REQUIRE(result.exitCode == 0);
        const QJsonObject answer = QJsonDocument::fromJson(result.out).object();
        CHECK(answer.value(u"bytes"_s).toInteger() == body.size());
        CHECK(answer.value(u"sha256"_s).toString().toStdString() == sha.toStdString());
    }
}
