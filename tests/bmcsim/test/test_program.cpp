// The bmcsim program: the JSON line it prints, the port it serves, its options.

#include "simclient.h"

#include <QJsonDocument>
#include <QNetworkReply>
#include <QProcess>
#include <QTemporaryDir>
#include <catch2/catch.hpp>

using namespace Qt::StringLiterals;
using namespace bmcsim::test;

namespace {

struct Program {
    explicit Program(const QStringList &arguments) {
        process.setProgram(QString::fromUtf8(BMCSIM_EXECUTABLE));
        process.setArguments(arguments);
        process.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        process.start();
    }
    ~Program() {
        process.kill();
        process.waitForFinished(5000);
    }

    QJsonObject readyLine() {
        if (!waitFor([this] {
                return process.canReadLine() || process.state() == QProcess::NotRunning;
            }) ||
            !process.canReadLine())
            return {};
        return QJsonDocument::fromJson(process.readLine()).object();
    }

    QProcess process;
};

} // namespace

TEST_CASE("bmcsim prints its port and serves the platform there", "[bmcsim][program]") {
    QTemporaryDir dir;
    const QString certFile = dir.filePath(u"cert.pem"_s);
    Program bmcsim(
        {u"--platform"_s, u"idrac9"_s, u"--listen"_s, u"127.0.0.1:0"_s, u"--cert-out"_s, certFile});
    const QJsonObject ready = bmcsim.readyLine();
    const int port = ready.value(u"port"_s).toInt();
    REQUIRE(port > 0);
    CHECK(ready.value(u"platform"_s).toString() == u"idrac9"_s);
    CHECK(ready.value(u"user"_s).toString() == u"root"_s);
    CHECK(ready.value(u"password"_s).toString() == u"calvin"_s);
    CHECK(ready.value(u"origin"_s).toString() == u"https://127.0.0.1:%1"_s.arg(port));

    const auto certs = QSslCertificate::fromPath(certFile);
    REQUIRE(certs.size() == 1);
    QNetworkAccessManager manager;
    QNetworkRequest request{QUrl(u"https://127.0.0.1:%1/sysmgmt/2015/bmc/info"_s.arg(port))};
    request.setSslConfiguration(trusting(certs.first()));
    QNetworkReply *reply = manager.get(request);
    REQUIRE(waitFor([reply] { return reply->isFinished(); }));
    CHECK(reply->error() == QNetworkReply::NoError);
    CHECK(reply->readAll().contains("PowerEdge"));
    delete reply;
}

TEST_CASE("bmcsim takes credentials and refuses bad options", "[bmcsim][program]") {
    Program custom(
        {u"--platform"_s, u"ilo5"_s, u"--user"_s, u"tech"_s, u"--password"_s, u"s3cret"_s});
    const QJsonObject ready = custom.readyLine();
    CHECK(ready.value(u"user"_s).toString() == u"tech"_s);
    CHECK(ready.value(u"password"_s).toString() == u"s3cret"_s);

    for (const QStringList &bad :
         {QStringList{u"--platform"_s, u"idrac7"_s}, QStringList{u"--listen"_s, u"nowhere"_s},
          QStringList{u"--cert"_s, u"/nonexistent.pem"_s}}) {
        Program wrong(bad);
        REQUIRE(wrong.process.waitForFinished(10000));
        CHECK(wrong.process.exitCode() == 2);
    }
}
