// Issue 10: 1 GiB down and 1 GiB up through an agent arrive whole (the download checked
// against the pattern as it arrives, the upload by bmcsim's SHA-256), while the memory of
// gatewayd and of the agent grows by far less than the transfer. curl talks to gatewayd in
// the host's namespace; the BMC is in the site, reached only through the agent. The
// deadlines come from a download measured on the same path first.
#include "agentsite.h"
#include "curlrun.h"
#include "patterndigest.h"
#include "procstatus.h"

#include <QDateTime>
#include <QJsonDocument>
#include <catch2/catch.hpp>

using namespace Qt::StringLiterals;

namespace {

constexpr qint64 kSize = qint64(1) << 30;
constexpr qint64 kProbe = 32 * 1024 * 1024;
// Far below the transfer; room for the tunnel's replay buffer and stream windows.
constexpr qint64 kMaxGrowthKib = 96 * 1024;

} // namespace

TEST_CASE("agent transfer: 1 GiB down and up through the agent, whole, in bounded memory",
          "[agent]") {
    SKIP_WITHOUT_NETNS();
    AgentSite world;
    REQUIRE_AGENT_SITE(world);
    GatewayFixture &gw = world.gw();
    // A token that outlives the transfers (the fixture's default is five minutes).
    const QByteArray cookies =
        gw.login(world.mint({{u"exp"_s, QDateTime::currentSecsSinceEpoch() + 3 * 3600}}));
    INFO(world.diagnostics());
    REQUIRE_FALSE(cookies.isEmpty());
    const QString base = u"https://127.0.0.1:%1"_s.arg(gw.gatewayPort());
    const QStringList curl{u"-sS"_s, u"-k"_s, u"-H"_s,
                           u"Cookie: "_s + QString::fromLatin1(cookies)};

    const testsupport::CurlResult probe =
        testsupport::runCurl(testsupport::CurlJob::patternDownload(
            QStringList(curl) << u"-o"_s << u"-"_s
                              << base + u"/vmedia/download?size=%1"_s.arg(kProbe),
            120000));
    INFO("probe: " << probe.describe().toStdString());
    REQUIRE(probe.ok());
    REQUIRE(probe.received == kProbe);
    // Ten times the measured time for the size, plus start-up.
    const int deadlineMs = 30000 + int(10.0 * probe.seconds * 1000.0 * double(kSize) / kProbe);
    const qint64 gwBase = testsupport::rssKib(gw.gatewayPid());
    const qint64 agentBase = testsupport::rssKib(world.agentPid());
    REQUIRE(gwBase > 0);
    REQUIRE(agentBase > 0);

    const testsupport::CurlResult down = testsupport::runCurl(testsupport::CurlJob::patternDownload(
        QStringList(curl) << u"-o"_s << u"-"_s << base + u"/vmedia/download?size=%1"_s.arg(kSize),
        deadlineMs));
    INFO("down: " << down.describe().toStdString());
    CHECK(down.ok());
    CHECK(down.received == kSize);

    const testsupport::CurlResult up = testsupport::runCurl(testsupport::CurlJob::patternUpload(
        QStringList(curl) << u"-T"_s << u"-"_s << u"-H"_s << u"Transfer-Encoding:"_s << u"-H"_s
                          << u"Content-Length: %1"_s.arg(kSize) << u"-H"_s << u"Expect:"_s
                          << base + u"/vmedia/upload"_s,
        kSize, deadlineMs));
    INFO("up: " << up.describe().toStdString());
    CHECK(up.ok());
    const QJsonObject result = QJsonDocument::fromJson(up.out).object();
    CHECK(result.value(u"bytes"_s).toInteger() == kSize);
    CHECK(result.value(u"sha256"_s).toString() == testsupport::patternSha256(kSize));

    const qint64 gwPeak = testsupport::peakRssKib(gw.gatewayPid());
    const qint64 agentPeak = testsupport::peakRssKib(world.agentPid());
    WARN("1 GiB through the agent: down "
         << down.seconds << " s, up " << up.seconds << " s (probe " << kProbe / (1024 * 1024)
         << " MiB in " << probe.seconds << " s); peak RSS gatewayd " << gwPeak / 1024
         << " MiB (from " << gwBase / 1024 << "), agent " << agentPeak / 1024 << " MiB (from "
         << agentBase / 1024 << ")");
    CHECK(gwPeak - gwBase < kMaxGrowthKib);
    CHECK(agentPeak - agentBase < kMaxGrowthKib);
}
