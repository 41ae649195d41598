// Issue 8, point 2 through the app: request bodies a browser sends to the loopback proxy
// (chunked from curl -T - or an explicit Transfer-Encoding: chunked, or with a
// Content-Length) cross the tunnel and reach the BMC (a real bmcsim process behind a
// real gatewayd) whole, hashed by the BMC as they arrive.
#include "bodyfile.h"
#include "curlrun.h"
#include "gatewayfixture.h"
#include "genericapp.h"

#include <QJsonDocument>
#include <QTemporaryDir>
#include <QUrl>
#include <catch2/catch.hpp>

using namespace Qt::StringLiterals;
using testsupport::runCurl;

TEST_CASE("app tunnel: chunked and Content-Length request bodies reach the BMC whole") {
    GatewayFixture::Options o;
    o.platform = u"generic"_s;
    GatewayFixture gw(o);
    REQUIRE(gw.ok());
    GenericApp app(gw);
    REQUIRE(app.failure() == QString());
    const QUrl entry = app.session().entryUrl();
    const QByteArray cookies = app.cookies();

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
