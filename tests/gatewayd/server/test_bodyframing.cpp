// Issue 8, point 2: request bodies reach the BMC correctly framed. A chunked request
// body (curl -T - from stdin; an explicit Transfer-Encoding: chunked) is re-chunked
// toward the BMC with its Transfer-Encoding header; a Content-Length body keeps its
// length. The BMC (a real bmcsim process) hashes what it receives.
#include "bodyfile.h"
#include "curlrun.h"
#include "gatewayfixture.h"

#include <QJsonDocument>
#include <QTemporaryDir>
#include <catch2/catch.hpp>

using namespace Qt::StringLiterals;
using testsupport::runCurl;

TEST_CASE("gateway: chunked and Content-Length request bodies reach the BMC whole") {
    GatewayFixture::Options options;
    options.platform = u"generic"_s;
    GatewayFixture gw(options);
    REQUIRE(gw.ok());
    const QByteArray cookies = gw.login(gw.mint(QJsonObject{{u"platform"_s, u"generic"_s}}));
    REQUIRE_FALSE(cookies.isEmpty());

    QTemporaryDir dir;
    // An odd size that no framing mistake can pass for.
    const auto body =
        testsupport::BodyFile::write(dir.filePath(u"body.bin"_s), 3 * 1024 * 1024 + 4321, 8);
    REQUIRE(body.ok);
    const QString url = u"https://127.0.0.1:%1/vmedia/upload"_s.arg(gw.gatewayPort());
    const QStringList common{u"-sS"_s,
                             u"-k"_s,
                             u"--fail-with-body"_s,
                             u"-H"_s,
                             u"Cookie: "_s + QString::fromLatin1(cookies),
                             url};

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

TEST_CASE("gateway: a slow upload is not cut by upstream.responseTimeoutMs") {
    // The response is awaited once the BMC has the whole request: an upload that takes
    // longer than the timeout, but keeps moving, is not a silent BMC.
    GatewayFixture::Options options;
    options.platform = u"generic"_s;
    constexpr int kTimeoutMs = 1000;
    options.upstream = QJsonObject{{u"responseTimeoutMs"_s, kTimeoutMs}};
    GatewayFixture gw(options);
    REQUIRE(gw.ok());
    const QByteArray cookies = gw.login(gw.mint(QJsonObject{{u"platform"_s, u"generic"_s}}));
    REQUIRE_FALSE(cookies.isEmpty());

    QTemporaryDir dir;
    // At 128 KiB/s, 3 x the timeout.
    constexpr qint64 kRate = 128 * 1024;
    const auto body =
        testsupport::BodyFile::write(dir.filePath(u"body.bin"_s), 3 * kRate * kTimeoutMs / 1000, 8);
    REQUIRE(body.ok);
    const auto result = runCurl({u"-sS"_s, u"-k"_s, u"--fail-with-body"_s, u"--limit-rate"_s,
                                 QString::number(kRate), u"-H"_s, u"Expect:"_s, u"-H"_s,
                                 u"Cookie: "_s + QString::fromLatin1(cookies), u"--data-binary"_s,
                                 u"@"_s + body.path,
                                 u"https://127.0.0.1:%1/vmedia/upload"_s.arg(gw.gatewayPort())});
    INFO("curl exit " << result.exitCode << ": " << result.err.toStdString() << " "
                      << result.out.toStdString());
    REQUIRE(result.exitCode == 0);
    const QJsonObject answer = QJsonDocument::fromJson(result.out).object();
    CHECK(answer.value(u"bytes"_s).toInteger() == body.size);
}
