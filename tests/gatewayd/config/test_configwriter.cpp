// Serialization: same document shape, round trip, redaction, atomic save.
#include "config/configloader.h"
#include "config/configwriter.h"
#include "configfixture.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>

using namespace Qt::StringLiterals;
using gw::ConfigLoader;
using gw::ConfigWriter;
using gw::GatewayConfig;
using gw::test::ConfigFixture;
using Redaction = gw::ConfigWriter::Redaction;

TEST_CASE("fromJson(toJson(c)) == c") {
    ConfigFixture fx;
    for (const QJsonObject &document : {fx.validDocument(), fx.minimalDocument()}) {
        const auto original = fx.load(document);
        REQUIRE(original.hasValue());
        const QByteArray bytes = ConfigWriter::toBytes(*original, Redaction::None);
        // Another base directory: every path written out is absolute.
        const auto again = ConfigLoader::fromJson(bytes, QDir::rootPath());
        INFO((again ? QString() : again.error().toString()).toStdString());
        REQUIRE(again.hasValue());
        CHECK(*again == *original);
        CHECK(ConfigWriter::toBytes(*again, Redaction::None) == bytes);
    }
}

TEST_CASE("equality sees every field") {
    ConfigFixture fx;
    const auto loaded = fx.load(fx.validDocument());
    REQUIRE(loaded.hasValue());
    GatewayConfig changed = *loaded;
    CHECK(changed == *loaded);
    changed.targets.pins[0].sha256[0] = 0;
    CHECK_FALSE(changed == *loaded);
    changed = *loaded;
    changed.limits.maxSessions += 1;
    CHECK_FALSE(changed == *loaded);
}

TEST_CASE("toJson writes the input's shape with canonical values") {
    ConfigFixture fx;
    const auto config = fx.load(fx.validDocument());
    REQUIRE(config.hasValue());
    const QJsonObject json = ConfigWriter::toJson(*config, Redaction::None);
    CHECK(json.keys() == QStringList{u"accounting"_s, u"agents"_s, u"api"_s, u"auth"_s, u"limits"_s,
                                     u"listen"_s, u"name"_s, u"targets"_s, u"tls"_s,
                                     u"upstream"_s});
    CHECK(json[u"listen"_s][u"public"_s].toString() == u"0.0.0.0:8443"_s);
    CHECK(json[u"listen"_s][u"api"_s].toString() == u"[::1]:9443"_s);
    const QJsonObject key1 = json[u"auth"_s][u"keys"_s][1].toObject();
    CHECK(key1.keys() == QStringList{u"alg"_s, u"kid"_s, u"publicKeyFile"_s});
    CHECK(json[u"targets"_s][u"allow"_s].toArray() ==
          QJsonArray{u"10.0.0.0/8"_s, u"fd00::/8"_s, u"192.168.1.7/32"_s});
    CHECK(json[u"targets"_s][u"pins"_s][u"10.1.2.3:443"_s].toString() ==
          u"abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789"_s);
    CHECK(json[u"upstream"_s][u"responseTimeoutMs"_s].toInt() == 30000);
}

TEST_CASE("redaction keeps file paths and replaces secret-valued members") {
    ConfigFixture fx;
    const auto config = fx.load(fx.validDocument());
    REQUIRE(config.hasValue());

    // No secret is inline today: the redacted document equals the plain one, paths included.
    const QJsonObject redacted = ConfigWriter::toJson(*config, Redaction::Secrets);
    CHECK(redacted == ConfigWriter::toJson(*config, Redaction::None));
    CHECK(redacted[u"auth"_s][u"keys"_s][0][u"secretFile"_s].toString() ==
          fx.path(u"jwt.secret"_s));
    CHECK(redacted[u"tls"_s][u"key"_s].toString() == fx.path(u"key.pem"_s));
    const QByteArray bytes = ConfigWriter::toBytes(*config, Redaction::Secrets);
    CHECK_FALSE(bytes.contains(gw::test::secretContent()));

    // The mechanism: secret-named members at any depth, in objects and arrays.
    const QJsonObject document{
        {u"name"_s, u"gw"_s},
        {u"auth"_s, QJsonObject{{u"keys"_s, QJsonArray{QJsonObject{{u"kid"_s, u"k1"_s},
                                                                   {u"secret"_s, u"s3cr3t"_s}}}}}},
        {u"api"_s, QJsonObject{{u"token"_s, u"t0k3n"_s}, {u"tokenFile"_s, u"/etc/api.token"_s}}},
        {u"password"_s, QJsonObject{{u"nested"_s, 1}}},
    };
    const QJsonObject out = ConfigWriter::redactSecrets(document);
    CHECK(out[u"name"_s].toString() == u"gw"_s);
    CHECK(out[u"auth"_s][u"keys"_s][0][u"kid"_s].toString() == u"k1"_s);
    CHECK(out[u"auth"_s][u"keys"_s][0][u"secret"_s].toString() == u"<redacted>"_s);
    CHECK(out[u"api"_s][u"token"_s].toString() == u"<redacted>"_s);
    CHECK(out[u"api"_s][u"tokenFile"_s].toString() == u"/etc/api.token"_s);
    CHECK(out[u"password"_s].toString() == u"<redacted>"_s);
    const QByteArray outBytes = QJsonDocument(out).toJson();
    CHECK_FALSE(outBytes.contains("s3cr3t"));
    CHECK_FALSE(outBytes.contains("t0k3n"));
}

TEST_CASE("saveAtomically writes a file that loads back and leaves no temporary files") {
    ConfigFixture fx;
    const auto config = fx.load(fx.validDocument());
    REQUIRE(config.hasValue());
    QDir dir(fx.path(u"etc"_s));
    REQUIRE(QDir().mkpath(dir.path()));
    const QString path = dir.filePath(u"gatewayd.json"_s);

    SECTION("new file") {
        const auto saved = ConfigWriter::saveAtomically(path, *config);
        REQUIRE(saved.hasValue());
    }
    SECTION("replacing an existing file keeps its permissions") {
        fx.writeFile(u"etc/gatewayd.json"_s, QByteArrayLiteral("old"));
        const auto mode = QFileDevice::ReadOwner | QFileDevice::WriteOwner;
        REQUIRE(QFile::setPermissions(path, mode));
        const auto saved = ConfigWriter::saveAtomically(path, *config);
        REQUIRE(saved.hasValue());
        // Owner, group and other bits (not the "User" ones, which describe the caller).
        CHECK((QFile::permissions(path) & 0x7077) == mode);
    }
    const auto loaded = ConfigLoader::fromFile(path);
    REQUIRE(loaded.hasValue());
    CHECK(*loaded == *config);
    CHECK(dir.entryList(QDir::Files | QDir::Hidden | QDir::System) ==
          QStringList{u"gatewayd.json"_s});
}

TEST_CASE("saveAtomically reports a failure and leaves the old file") {
    ConfigFixture fx;
    const auto config = fx.load(fx.minimalDocument());
    REQUIRE(config.hasValue());

    const QString nowhere = fx.path(u"no/such/dir/gatewayd.json"_s);
    const auto failed = ConfigWriter::saveAtomically(nowhere, *config);
    REQUIRE_FALSE(failed.hasValue());
    CHECK(failed.error().file == nowhere);
    CHECK(failed.error().problem.startsWith(u"cannot write"_s));
    CHECK_FALSE(QFile::exists(nowhere));

    // A directory in the way cannot be replaced; nothing is left behind.
    QDir dir(fx.path(u"data"_s));
    REQUIRE(dir.mkdir(u"taken.json"_s));
    const auto blocked = ConfigWriter::saveAtomically(dir.filePath(u"taken.json"_s), *config);
    REQUIRE_FALSE(blocked.hasValue());
    CHECK(dir.entryList(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden) ==
          QStringList{u"taken.json"_s});
}
