// `gatewayd token mint|verify` and the top-level command line, run as processes.
#include <QDateTime>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMessageAuthenticationCode>
#include <QProcess>
#include <QTemporaryDir>
#include <catch2/catch.hpp>

using namespace Qt::StringLiterals;

namespace {

struct Run {
    int exitCode = -1;
    QString out;
    QString err;
};

Run gatewayd(const QStringList &args) {
    QProcess p;
    p.start(QStringLiteral(GATEWAYD_BIN), args);
    REQUIRE(p.waitForFinished(30000));
    return {p.exitCode(), QString::fromUtf8(p.readAllStandardOutput()),
            QString::fromUtf8(p.readAllStandardError())};
}

QString writeFile(const QTemporaryDir &dir, const QString &name, const QByteArray &content) {
    const QString path = dir.filePath(name);
    QFile f(path);
    REQUIRE(f.open(QIODevice::WriteOnly));
    f.write(content);
    return path;
}

QByteArray b64url(const QByteArray &data) {
    return data.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
}

} // namespace

TEST_CASE("gatewayd: --version and --help answer and exit 0") {
    const Run version = gatewayd({u"--version"_s});
    CHECK(version.exitCode == 0);
    CHECK(version.out.startsWith(u"gatewayd "_s));
    const Run help = gatewayd({u"--help"_s});
    CHECK(help.exitCode == 0);
    CHECK(help.out.contains(u"token mint"_s));
}

TEST_CASE("gatewayd: unknown commands and missing arguments exit 2 with a reason") {
    const Run unknown = gatewayd({u"frobnicate"_s});
    CHECK(unknown.exitCode == 2);
    CHECK(unknown.err.contains(u"unknown command"_s));
    const Run noKey = gatewayd({u"token"_s, u"verify"_s, u"abc.def.ghi"_s});
    CHECK(noKey.exitCode == 2);
    CHECK(noKey.err.contains(u"--key"_s));
    const Run noSub = gatewayd({u"token"_s});
    CHECK(noSub.exitCode == 2);
    const Run missingFile =
        gatewayd({u"token"_s, u"verify"_s, u"--key"_s, u"/nonexistent/key"_s, u"abc.def.ghi"_s});
    CHECK(missingFile.exitCode == 2);
    CHECK_FALSE(missingFile.err.isEmpty());
}

TEST_CASE("gatewayd: a minted token verifies in all three link forms") {
    QTemporaryDir dir;
    const QString key = writeFile(dir, u"jwt.secret"_s, "a demo secret of enough length\n");
    const Run mint = gatewayd({u"token"_s, u"mint"_s, u"--key"_s, key, u"--ip"_s, u"10.0.0.5"_s,
                               u"--upstream"_s, u"gw1.example.com:8443"_s, u"--platform"_s,
                               u"ilo5"_s, u"--ttl"_s, u"60"_s, u"--sub"_s, u"tech"_s});
    REQUIRE(mint.exitCode == 0);
    const QString token = mint.out.trimmed();
    for (const QString &link : {token, u"pmproxy://gpsession?token="_s + token,
                                u"https://gw1.example.com:8443/gpsession?token="_s + token}) {
        const Run verify = gatewayd({u"token"_s, u"verify"_s, u"--key"_s, key, link});
        REQUIRE(verify.exitCode == 0);
        const QJsonObject claims = QJsonDocument::fromJson(verify.out.toUtf8()).object();
        CHECK(claims.value(u"ip"_s).toString() == u"10.0.0.5"_s);
        CHECK(claims.value(u"upstream"_s).toString() == u"gw1.example.com:8443"_s);
        CHECK(claims.value(u"platform"_s).toString() == u"ilo5"_s);
        CHECK(claims.value(u"exp"_s).toInteger() - claims.value(u"iat"_s).toInteger() == 60);
        CHECK_FALSE(claims.value(u"jti"_s).toString().isEmpty());
    }
}

TEST_CASE("gatewayd: mint refuses claims that verify would refuse") {
    QTemporaryDir dir;
    const QString key = writeFile(dir, u"jwt.secret"_s, "another secret");
    const Run badPlatform =
        gatewayd({u"token"_s, u"mint"_s, u"--key"_s, key, u"--ip"_s, u"10.0.0.5"_s, u"--upstream"_s,
                  u"gw"_s, u"--platform"_s, u"supermicro"_s});
    CHECK(badPlatform.exitCode == 2);
    CHECK(badPlatform.out.isEmpty());
    const Run badPort = gatewayd({u"token"_s, u"mint"_s, u"--key"_s, key, u"--ip"_s, u"10.0.0.5"_s,
                                  u"--upstream"_s, u"gw"_s, u"--port"_s, u"70000"_s});
    CHECK(badPort.exitCode == 2);
    const Run badTtl = gatewayd({u"token"_s, u"mint"_s, u"--key"_s, key, u"--ip"_s, u"10.0.0.5"_s,
                                 u"--upstream"_s, u"gw"_s, u"--ttl"_s, u"-5"_s});
    CHECK(badTtl.exitCode == 2);
}

TEST_CASE("gatewayd: a token of the original pmproxy verifies unchanged") {
    // The original generator: HS256, claims exp iat nbf ip upstream, no kid, no typ order.
    QTemporaryDir dir;
    const QByteArray secret = "original-pmproxy-shared-secret";
    const QString key = writeFile(dir, u"secret"_s, secret + '\n');
    const qint64 now = QDateTime::currentSecsSinceEpoch();
    const QByteArray header = b64url(R"({"alg":"HS256","typ":"JWT"})");
    const QByteArray payload =
        b64url(QJsonDocument(QJsonObject{{u"exp"_s, now + 120},
                                         {u"iat"_s, now},
                                         {u"nbf"_s, now},
                                         {u"ip"_s, u"192.168.10.20"_s},
                                         {u"upstream"_s, u"gw.example.net"_s}})
                   .toJson(QJsonDocument::Compact));
    const QByteArray input = header + '.' + payload;
    const QByteArray sig =
        b64url(QMessageAuthenticationCode::hash(input, secret, QCryptographicHash::Sha256));
    const Run verify = gatewayd(
        {u"token"_s, u"verify"_s, u"--key"_s, key, QString::fromLatin1(input + '.' + sig)});
    REQUIRE(verify.exitCode == 0);
    CHECK(verify.out.contains(u"192.168.10.20"_s));

    const Run forged = gatewayd(
        {u"token"_s, u"verify"_s, u"--key"_s, key, QString::fromLatin1(input + '.' + b64url("x"))});
    CHECK(forged.exitCode == 2);
    CHECK(forged.err.contains(u"signature"_s));
}
