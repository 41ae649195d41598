// pmproxy as a real process against a real gatewayd and an emulated iDRAC9 (bmcsim):
// headless prints the local URL first and serves the BMC's UI through it until SIGTERM;
// --screenshot saves the login page; a token the gateway refuses exits 4.
#include "apptestsupport.h"
#include "gatewayfixture.h"

#include <QDateTime>
#include <QEventLoop>
#include <QFile>
#include <QImage>
#include <QNetworkAccessManager>
#include <QNetworkCookieJar>
#include <QNetworkReply>
#include <QTemporaryDir>
#include <QTimer>
#include <catch2/catch.hpp>

using namespace Qt::StringLiterals;

namespace {

QString writeCertificate(const QTemporaryDir &dir, const GatewayFixture &gateway) {
    const QString path = dir.filePath(u"gateway-ca.pem"_s);
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly) || f.write(gateway.certificate().toPem()) <= 0)
        return {};
    return path;
}

// GET URL (following redirects, keeping cookies like a browser); status and body.
std::pair<int, QByteArray> browse(QNetworkAccessManager &nam, const QUrl &url) {
    QNetworkReply *reply = nam.get(QNetworkRequest(url));
    QEventLoop loop;
    QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    QTimer::singleShot(20000, &loop, &QEventLoop::quit);
    loop.exec();
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    const QByteArray body = reply->readAll();
    reply->deleteLater();
    return {status, body};
}

} // namespace

TEST_CASE("headless prints the local URL first and serves the BMC until SIGTERM") {
    GatewayFixture gateway;
    REQUIRE(gateway.ok());
    QTemporaryDir dir;
    const QString ca = writeCertificate(dir, gateway);
    REQUIRE_FALSE(ca.isEmpty());
    const QString link = u"pmproxy://gpsession?token="_s + QString::fromLatin1(gateway.mint());

    QProcess pmproxy;
    pmproxy.setProcessEnvironment(apptest::baseEnvironment(dir.path()));
    pmproxy.start(apptest::program(), {u"--headless"_s, u"--gateway-ca"_s, ca, link});
    REQUIRE(pmproxy.waitForStarted(10000));
    QStringList lines;
    const QString url = apptest::waitForLine(pmproxy, u"http"_s, 30000, &lines);
    INFO(QString::fromUtf8(pmproxy.readAllStandardError()).toStdString());
    REQUIRE_FALSE(url.isEmpty());
    CHECK(lines.size() == 1); // the URL is the first line
    CHECK(url.startsWith(u"http://127."_s));

    // A browser given the URL reaches the BMC's login page.
    QNetworkAccessManager nam;
    nam.setCookieJar(new QNetworkCookieJar(&nam));
    const auto [status, body] = browse(nam, QUrl(url));
    CHECK(status == 200);
    CHECK(body.contains("Integrated Dell Remote Access Controller 9"));

    pmproxy.terminate(); // SIGTERM
    REQUIRE(pmproxy.waitForFinished(15000));
    CHECK(pmproxy.exitStatus() == QProcess::NormalExit);
    CHECK(pmproxy.exitCode() == 0);
    CHECK(pmproxy.readAllStandardOutput().trimmed().isEmpty()); // nothing after the URL
}

TEST_CASE("screenshot mode saves the BMC's login page through the gateway") {
    GatewayFixture gateway;
    REQUIRE(gateway.ok());
    QTemporaryDir dir;
    const QString ca = writeCertificate(dir, gateway);
    const QString png = dir.filePath(u"login.png"_s);
    const auto r = apptest::run(
        {u"--screenshot"_s, png, u"--gateway-ca"_s, ca, QString::fromLatin1(gateway.mint())},
        apptest::baseEnvironment(dir.path()), 120000);
    INFO(r.err.toStdString());
    REQUIRE(r.finished);
    CHECK(r.exitCode == 0);
    const QImage shot(png);
    REQUIRE_FALSE(shot.isNull());
    CHECK(shot.width() >= 800);
    // iDRAC's dark blue title bar is in the picture: the page rendered, not a blank view.
    int blue = 0;
    for (int x = 0; x < shot.width(); x += 4)
        for (int y = 0; y < shot.height() / 4; y += 4) {
            const QColor c = shot.pixelColor(x, y);
            if (c.blue() > 60 && c.blue() > c.red() + 30 && c.red() < 80)
                ++blue;
        }
    CHECK(blue > 500);
}

TEST_CASE("a token the real gateway refuses exits 4 and says so") {
    GatewayFixture gateway;
    REQUIRE(gateway.ok());
    QTemporaryDir dir;
    const QString ca = writeCertificate(dir, gateway);
    const auto r = apptest::run(
        {u"--headless"_s, u"--gateway-ca"_s, ca, QString::fromLatin1(gateway.mintForged())},
        apptest::baseEnvironment(dir.path()), 60000);
    REQUIRE(r.finished);
    CHECK(r.exitCode == 4);
    CHECK(r.err.contains(u"refused"_s));
    CHECK(r.out.isEmpty());
}

TEST_CASE("headless mode serves until the token's end and then exits 3, expired") {
    // gatewayd with no leeway ends the tunnel right after exp; pmproxy says expired.
    GatewayFixture::Options options;
    options.config = QJsonObject{{u"auth"_s, QJsonObject{{u"leewaySeconds"_s, 0}}}};
    GatewayFixture gateway(options);
    REQUIRE(gateway.ok());
    QTemporaryDir dir;
    const QString ca = writeCertificate(dir, gateway);
    const qint64 exp = QDateTime::currentSecsSinceEpoch() + 4;
    QProcess pmproxy;
    pmproxy.setProcessEnvironment(apptest::baseEnvironment(dir.path()));
    pmproxy.start(apptest::program(), {u"--headless"_s, u"--gateway-ca"_s, ca,
                                       QString::fromLatin1(gateway.mint({{u"exp"_s, exp}}))});
    REQUIRE(pmproxy.waitForStarted(10000));
    const QString url = apptest::waitForLine(pmproxy, u"http"_s, 30000);
    REQUIRE_FALSE(url.isEmpty()); // it served
    REQUIRE(pmproxy.waitForFinished(30000));
    const QString err = QString::fromUtf8(pmproxy.readAllStandardError());
    INFO(err.toStdString());
    CHECK(QDateTime::currentSecsSinceEpoch() >= exp);
    CHECK(pmproxy.exitStatus() == QProcess::NormalExit);
    CHECK(pmproxy.exitCode() == 3);
    CHECK(err.contains(u"expired"_s));
    CHECK_FALSE(err.contains(u"reconnecting"_s));
    apptest::end(pmproxy);
}
