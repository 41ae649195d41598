// The command line parsed in-process: the modes and refusals of PRODUCT.md §3, and the
// --gateway-ca file loader.
#include "cli/appcommandline.h"
#include "cli/gatewaycafile.h"
#include "ui/displayformat.h"

#include <QDir>
#include <QTemporaryDir>
#include <catch2/catch.hpp>

using namespace Qt::StringLiterals;
using app::AppCommandLine;
using app::AppOptions;

namespace {
AppCommandLine::Result parse(QStringList args) {
    args.prepend(u"pmproxy"_s);
    return AppCommandLine::parse(args);
}
} // namespace

TEST_CASE("no arguments open the window with no session") {
    const auto r = parse({});
    CHECK(r.action == AppCommandLine::Action::Run);
    CHECK(r.options.mode == AppOptions::Mode::Window);
    CHECK(r.options.link.isEmpty());
    CHECK(AppCommandLine::needsWidgets(r));
}

TEST_CASE("a link opens the window with that link") {
    const auto r = parse({u"pmproxy://gpsession?token=a.b.c"_s});
    CHECK(r.action == AppCommandLine::Action::Run);
    CHECK(r.options.mode == AppOptions::Mode::Window);
    CHECK(r.options.link == u"pmproxy://gpsession?token=a.b.c"_s);
}

TEST_CASE("headless mode with a link needs no widgets") {
    const auto r = parse({u"--headless"_s, u"a.b.c"_s, u"--gateway-ca"_s, u"ca.pem"_s});
    CHECK(r.action == AppCommandLine::Action::Run);
    CHECK(r.options.mode == AppOptions::Mode::Headless);
    CHECK(r.options.gatewayCaFile == u"ca.pem"_s);
    CHECK_FALSE(AppCommandLine::needsWidgets(r));
}

TEST_CASE("screenshot mode takes a file and a link") {
    const auto r = parse({u"--screenshot"_s, u"out.png"_s, u"a.b.c"_s});
    CHECK(r.action == AppCommandLine::Action::Run);
    CHECK(r.options.mode == AppOptions::Mode::Screenshot);
    CHECK(r.options.screenshotFile == u"out.png"_s);
    CHECK(r.options.link == u"a.b.c"_s);
}

TEST_CASE("help and version need no widgets") {
    const auto help = parse({u"--help"_s});
    CHECK(help.action == AppCommandLine::Action::ShowHelp);
    CHECK_FALSE(AppCommandLine::needsWidgets(help));
    const auto version = parse({u"--version"_s});
    CHECK(version.action == AppCommandLine::Action::ShowVersion);
    CHECK(version.text.startsWith(u"pmproxy "_s));
    CHECK_FALSE(AppCommandLine::needsWidgets(version));
}

TEST_CASE("misuse is refused with exit code 2 and a reason") {
    const QList<QStringList> bad = {
        {u"--bogus"_s},
        {u"--headless"_s},
        {u"--screenshot"_s, u"out.png"_s},
        {u"--screenshot"_s},
        {u"--headless"_s, u"--screenshot"_s, u"x.png"_s, u"a.b.c"_s},
        {u"a.b.c"_s, u"d.e.f"_s},
        {u"--gateway-ca"_s},
    };
    for (const QStringList &args : bad) {
        INFO(args.join(u' ').toStdString());
        const auto r = parse(args);
        CHECK(r.action == AppCommandLine::Action::Error);
        CHECK(r.exitCode == 1);
        CHECK(r.text.startsWith(u"pmproxy: "_s));
        CHECK_FALSE(AppCommandLine::needsWidgets(r));
    }
}

TEST_CASE("the gateway CA option loads PEM and DER certificates") {
    const QDir data(QStringLiteral(PMPROXY_TEST_DATA_DIR));
    auto pem = app::GatewayCaFile::load(data.filePath(u"ca.pem"_s));
    REQUIRE(pem);
    REQUIRE(pem->size() == 1);
    CHECK(pem->first().subjectInfo(QSslCertificate::CommonName).value(0) ==
          u"pmproxy test gateway CA"_s);
    auto der = app::GatewayCaFile::load(data.filePath(u"ca.der"_s));
    REQUIRE(der);
    CHECK(der->first() == pem->first());
}

TEST_CASE("the gateway CA option refuses missing, empty and non-certificate files by name") {
    QTemporaryDir dir;
    const QString missing = dir.filePath(u"missing.pem"_s);
    auto r = app::GatewayCaFile::load(missing);
    REQUIRE_FALSE(r);
    CHECK(r.error().contains(missing));
    CHECK(r.error().contains(u"no such file"_s));

    const QString junk = dir.filePath(u"junk.pem"_s);
    QFile f(junk);
    REQUIRE(f.open(QIODevice::WriteOnly));
    f.write("-----BEGIN CERTIFICATE-----\nnot base64 at all\n-----END CERTIFICATE-----\n");
    f.close();
    r = app::GatewayCaFile::load(junk);
    REQUIRE_FALSE(r);
    CHECK(r.error().contains(u"no PEM or DER certificate"_s));

    r = app::GatewayCaFile::load(dir.path());
    REQUIRE_FALSE(r);
    CHECK(r.error().contains(u"not a regular file"_s));
}

TEST_CASE("the status strip's figures read well") {
    using app::DisplayFormat;
    const QDateTime now = QDateTime::fromSecsSinceEpoch(1'000'000);
    CHECK(DisplayFormat::timeLeft(now.addSecs(245), now) == u"4:05"_s);
    CHECK(DisplayFormat::timeLeft(now.addSecs(3723), now) == u"1:02:03"_s);
    CHECK(DisplayFormat::timeLeft(now.addSecs(-1), now) == u"expired"_s);
    CHECK(DisplayFormat::roundTrip(-1) == u"–"_s);
    CHECK(DisplayFormat::roundTrip(12) == u"12 ms"_s);
    CHECK(DisplayFormat::bytes(1536).contains(u"KiB"_s));
    CHECK(DisplayFormat::state(app::BmcSession::State::Reconnecting) == u"reconnecting"_s);
}
