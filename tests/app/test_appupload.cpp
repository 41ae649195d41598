// Uploads through the app (issue 8, point 1): curl PUTs 10 MB to the emulated BMC through
// pmproxy --headless's loopback proxy, the tunnel, gatewayd and bmcsim, with and without
// "Expect: 100-continue". Each upload must arrive whole (bmcsim hashes what it receives)
// before a deadline derived from a download measured on the same path first. And a BMC
// that takes the body slowly (data/slowbmc.py) holds the upload back all along the path
// without it stalling or piling up in memory.
#include "curlrun.h"
#include "gatewayfixture.h"
#include "headlessapp.h"
#include "patterndigest.h"
#include "procstatus.h"
#include "slowbmc.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <catch2/catch.hpp>

using namespace Qt::StringLiterals;

namespace {

constexpr qint64 kSize = 10 * 1000 * 1000;
constexpr qint64 kProbe = 8 * 1024 * 1024;

GatewayFixture::Options generic() {
    GatewayFixture::Options o;
    o.platform = u"generic"_s;
    return o;
}

// pmproxy --headless logged in to the generic BMC, and the path's measured pace.
struct UploadPath {
    GatewayFixture gw{generic()};
    std::unique_ptr<apptest::HeadlessApp> app;
    int deadlineMs = 0;

    UploadPath() {
        REQUIRE(gw.ok());
        app = std::make_unique<apptest::HeadlessApp>(gw);
        INFO(app->error().toStdString());
        REQUIRE(app->ok());
        QString why;
        const bool loggedIn = app->login(&why);
        INFO(why.toStdString());
        REQUIRE(loggedIn);
        // The path's rate, measured with a download (which does not need the upload path).
        const testsupport::CurlResult probe =
            testsupport::runCurl(testsupport::CurlJob::patternDownload(
                app->curlArgs() << u"-o"_s << u"-"_s
                                << app->url(u"/vmedia/download?size=%1"_s.arg(kProbe)),
                60000));
        INFO("probe: " << probe.describe().toStdString());
        REQUIRE(probe.ok());
        REQUIRE(probe.received == kProbe);
        // Generous: ten times the measured time for the size, plus process start-up.
        deadlineMs = 5000 + int(10.0 * probe.seconds * 1000.0 * double(kSize) / kProbe);
    }

    // PUTs kSize bytes of the pattern; checks what bmcsim received.
    void upload(bool chunked, bool expect) {
        QStringList args = app->curlArgs() << u"-T"_s << u"-"_s;
        if (!chunked) // curl -T - is chunked; with a length it sends exactly that many bytes
            args << u"-H"_s << u"Transfer-Encoding:"_s << u"-H"_s
                 << u"Content-Length: %1"_s.arg(kSize);
        // With Expect, curl waits for "100 Continue" as long as the deadline allows: the
        // body must not depend on curl giving up waiting (its default is one second).
        if (expect)
            args << u"-H"_s << u"Expect: 100-continue"_s << u"--expect100-timeout"_s << u"3600"_s;
        else
            args << u"-H"_s << u"Expect:"_s;
        args << app->url(u"/vmedia/upload"_s);
        const testsupport::CurlResult up =
            testsupport::runCurl(testsupport::CurlJob::patternUpload(args, kSize, deadlineMs));
        INFO((chunked ? "chunked" : "Content-Length")
             << (expect ? ", Expect" : "") << ": " << up.describe().toStdString()
             << "; pmproxy: " << app->log().right(600).toStdString());
        CHECK(up.ok());
        const QJsonObject result = QJsonDocument::fromJson(up.out).object();
        CHECK(result.value(u"bytes"_s).toInteger() == kSize);
        CHECK(result.value(u"sha256"_s).toString() == testsupport::patternSha256(kSize));
    }
};

} // namespace

TEST_CASE("app upload: 10 MB PUT with Content-Length through the app's tunnel arrives whole") {
    UploadPath path;
    SECTION("without Expect") {
        path.upload(false, false);
    }
    SECTION("with Expect: 100-continue") {
        path.upload(false, true);
    }
}

TEST_CASE("app upload: a BMC that takes the body slowly paces it end to end, memory bounded") {
    // The body is larger than every buffer on the way (the tunnel's 8 MiB stream window,
    // socket buffers), so the BMC's pace must travel back to curl through each of them.
    constexpr qint64 kSlowSize = 64 * 1024 * 1024;
    constexpr qint64 kRate = 24 * 1000 * 1000;  // bytes per second the BMC takes
    constexpr qint64 kMaxGrowthKib = 32 * 1024; // half the body
    GatewayFixture gw(generic());
    REQUIRE(gw.ok());
    apptest::SlowBmc bmc(kRate);
    INFO(bmc.error().toStdString());
    REQUIRE(bmc.ok());
    apptest::HeadlessApp app(gw, {{u"port"_s, bmc.port()}});
    INFO(app.error().toStdString());
    REQUIRE(app.ok());
    QString why;
    const bool entered = app.enter(&why);
    INFO(why.toStdString());
    REQUIRE(entered);
    const qint64 appBase = testsupport::rssKib(app.pid());
    const qint64 gwBase = testsupport::rssKib(gw.gatewayPid());

    // The BMC sets the pace: three times its time for the body, plus start-up.
    const int deadlineMs = 5000 + int(3 * 1000 * kSlowSize / kRate);
    const bool expect = GENERATE(false, true);
    const testsupport::CurlResult up = testsupport::runCurl(testsupport::CurlJob::patternUpload(
        app.curlArgs() << u"-T"_s << u"-"_s << u"-H"_s << u"Transfer-Encoding:"_s << u"-H"_s
                       << u"Content-Length: %1"_s.arg(kSlowSize) << u"-H"_s
                       << (expect ? u"Expect: 100-continue"_s : u"Expect:"_s)
                       << app.url(u"/iso/upload"_s),
        kSlowSize, deadlineMs));
    INFO((expect ? "with Expect: " : "without Expect: ")
         << up.describe().toStdString() << "; pmproxy: " << app.log().right(600).toStdString());
    CHECK(up.ok());
    const QJsonObject result = QJsonDocument::fromJson(up.out).object();
    CHECK(result.value(u"bytes"_s).toInteger() == kSlowSize);
    CHECK(result.value(u"sha256"_s).toString() == testsupport::patternSha256(kSlowSize));

    const qint64 appPeak = testsupport::peakRssKib(app.pid());
    const qint64 gwPeak = testsupport::peakRssKib(gw.gatewayPid());
    WARN("64 MiB to a BMC taking "
         << kRate / 1000000 << " MB/s: " << up.seconds << " s; peak RSS pmproxy " << appPeak / 1024
         << " MiB (from " << appBase / 1024 << "), gatewayd " << gwPeak / 1024 << " MiB (from "
         << gwBase / 1024 << ")");
    CHECK(appPeak - appBase < kMaxGrowthKib);
    CHECK(gwPeak - gwBase < kMaxGrowthKib);
}

TEST_CASE("app upload: a BMC that refuses an upload at once gets its answer to the client") {
    // The refusal comes while curl is still sending: whoever closes a connection with
    // unread input makes the kernel answer with a reset, which can destroy the answer
    // before curl reads it. That is a race, so it is run many times.
    constexpr qint64 kRefusedSize = 64 * 1024 * 1024;
    constexpr int kRuns = 20;
    GatewayFixture gw(generic());
    REQUIRE(gw.ok());
    apptest::SlowBmc bmc(24 * 1000 * 1000);
    INFO(bmc.error().toStdString());
    REQUIRE(bmc.ok());
    apptest::HeadlessApp app(gw, {{u"port"_s, bmc.port()}});
    INFO(app.error().toStdString());
    REQUIRE(app.ok());
    QString why;
    const bool entered = app.enter(&why);
    INFO(why.toStdString());
    REQUIRE(entered);
    const bool expect = GENERATE(false, true);
    int answered = 0;
    QString failure;
    for (int run = 0; run < kRuns; ++run) {
        const testsupport::CurlResult up = testsupport::runCurl(testsupport::CurlJob::patternUpload(
            app.curlArgs() << u"-T"_s << u"-"_s << u"-H"_s << u"Transfer-Encoding:"_s << u"-H"_s
                           << u"Content-Length: %1"_s.arg(kRefusedSize) << u"-H"_s
                           << (expect ? u"Expect: 100-continue"_s : u"Expect:"_s) << u"-w"_s
                           << u"\n%{http_code}"_s << app.url(u"/refuse/upload"_s),
            kRefusedSize, 30000));
        if (up.finished && up.out.endsWith("\n401"))
            ++answered;
        else if (failure.isEmpty())
            failure = up.describe();
    }
    INFO((expect ? "with Expect: " : "without Expect: ")
         << failure.toStdString() << "; pmproxy: " << app.log().right(600).toStdString());
    CHECK(answered == kRuns);
}

// curl -T (chunked) through the app: the BMC reads the whole body (issue 8, points 1 and 2).
TEST_CASE("app upload: 10 MB chunked PUT through the app's tunnel arrives whole") {
    UploadPath path;
    SECTION("without Expect") {
        path.upload(true, false);
    }
    SECTION("with Expect: 100-continue") {
        path.upload(true, true);
    }
}
