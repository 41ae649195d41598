// 1 GiB down and 1 GiB up through the app (issue 8, point 1): curl through pmproxy
// --headless's loopback proxy, the tunnel, gatewayd and bmcsim, every byte checked (the
// download against the pattern as it arrives, the upload by bmcsim's SHA-256), while the
// memory of pmproxy and gatewayd grows by far less than the transfer.
#include "curlrun.h"
#include "gatewayfixture.h"
#include "headlessapp.h"
#include "patterndigest.h"
#include "procstatus.h"

#include <QDateTime>
#include <QJsonDocument>
#include <QJsonObject>
#include <catch2/catch.hpp>

using namespace Qt::StringLiterals;

namespace {

constexpr qint64 kSize = qint64(1) << 30;
constexpr qint64 kProbe = 32 * 1024 * 1024;
constexpr qint64 kMaxGrowthKib = 256 * 1024;
constexpr int kResponseTimeoutMs = 2000;

} // namespace

TEST_CASE("app transfer: 1 GiB down and up through the app's tunnel, whole, in bounded memory") {
    GatewayFixture::Options options;
    options.platform = u"generic"_s;
    // The BMC answers an upload only once it has the whole body, long after this: the
    // "BMC silent" timeout must count from the last byte the BMC took, not from the head.
    options.upstream = QJsonObject{{u"responseTimeoutMs"_s, kResponseTimeoutMs}};
    GatewayFixture gw(options);
    REQUIRE(gw.ok());
    // A token that outlives the transfers (the fixture's default is five minutes).
    apptest::HeadlessApp app(gw, {{u"exp"_s, QDateTime::currentSecsSinceEpoch() + 3 * 3600}});
    INFO(app.error().toStdString());
    REQUIRE(app.ok());
    QString why;
    const bool loggedIn = app.login(&why);
    INFO(why.toStdString());
    REQUIRE(loggedIn);

    const testsupport::CurlResult probe =
        testsupport::runCurl(testsupport::CurlJob::patternDownload(
            app.curlArgs() << u"-o"_s << u"-"_s
                           << app.url(u"/vmedia/download?size=%1"_s.arg(kProbe)),
            120000));
    INFO("probe: " << probe.describe().toStdString());
    REQUIRE(probe.ok());
    REQUIRE(probe.received == kProbe);
    // Ten times the measured time for the size, plus start-up.
    const int deadlineMs = 30000 + int(10.0 * probe.seconds * 1000.0 * double(kSize) / kProbe);
    const qint64 appBase = testsupport::rssKib(app.pid());
    const qint64 gwBase = testsupport::rssKib(gw.gatewayPid());
    REQUIRE(appBase > 0);
    REQUIRE(gwBase > 0);

    const testsupport::CurlResult down = testsupport::runCurl(testsupport::CurlJob::patternDownload(
        app.curlArgs() << u"-o"_s << u"-"_s << app.url(u"/vmedia/download?size=%1"_s.arg(kSize)),
        deadlineMs));
    INFO("down: " << down.describe().toStdString() << "; pmproxy: " << app.log().toStdString());
    CHECK(down.ok());
    CHECK(down.received == kSize);

    const testsupport::CurlResult up = testsupport::runCurl(testsupport::CurlJob::patternUpload(
        app.curlArgs() << u"-T"_s << u"-"_s << u"-H"_s << u"Transfer-Encoding:"_s << u"-H"_s
                       << u"Content-Length: %1"_s.arg(kSize) << u"-H"_s << u"Expect:"_s
                       << app.url(u"/vmedia/upload"_s),
        kSize, deadlineMs));
    INFO("up: " << up.describe().toStdString() << "; pmproxy: " << app.log().toStdString());
    CHECK(up.ok());
    const QJsonObject result = QJsonDocument::fromJson(up.out).object();
    CHECK(result.value(u"bytes"_s).toInteger() == kSize);
    CHECK(result.value(u"sha256"_s).toString() == testsupport::patternSha256(kSize));

    const qint64 appPeak = testsupport::peakRssKib(app.pid());
    const qint64 gwPeak = testsupport::peakRssKib(gw.gatewayPid());
    WARN("1 GiB through the app: down "
         << down.seconds << " s, up " << up.seconds << " s (probe " << kProbe / (1024 * 1024)
         << " MiB in " << probe.seconds << " s); peak RSS pmproxy " << appPeak / 1024
         << " MiB (from " << appBase / 1024 << "), gatewayd " << gwPeak / 1024 << " MiB (from "
         << gwBase / 1024 << ")");
    CHECK(appPeak - appBase < kMaxGrowthKib);
    CHECK(gwPeak - gwBase < kMaxGrowthKib);
}
