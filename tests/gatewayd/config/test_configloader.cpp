// Loading valid configurations: every field, the defaults, relative paths, files.
#include "config/configloader.h"
#include "configfixture.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>

using namespace Qt::StringLiterals;
using gw::ConfigLoader;
using gw::GatewayConfig;
using gw::test::ConfigFixture;

TEST_CASE("a full valid document loads with every field") {
    ConfigFixture fx;
    const auto result = fx.load(fx.validDocument());
    REQUIRE(result.hasValue());
    const GatewayConfig &c = *result;

    CHECK(c.name == u"gw1.example.com"_s);
    CHECK(c.listen.publicAddress.address == QHostAddress(u"0.0.0.0"_s));
    CHECK(c.listen.publicAddress.port == 8443);
    REQUIRE(c.listen.api.has_value());
    CHECK(c.listen.api->address == QHostAddress(QHostAddress::LocalHostIPv6));
    CHECK(c.listen.api->port == 9443);
    CHECK(c.tls.cert == fx.path(u"cert.pem"_s));
    CHECK(c.tls.key == fx.path(u"key.pem"_s));

    REQUIRE(c.auth.keys.size() == 3);
    CHECK(c.auth.keys[0].kid == u"k1"_s);
    CHECK(c.auth.keys[0].alg == u"HS256"_s);
    CHECK(c.auth.keys[0].source == GatewayConfig::KeySource::SecretFile);
    CHECK(c.auth.keys[0].file == fx.path(u"jwt.secret"_s));
    CHECK(c.auth.keys[1].alg == u"ES256"_s);
    CHECK(c.auth.keys[1].source == GatewayConfig::KeySource::PublicKeyFile);
    CHECK(c.auth.keys[1].file == fx.path(u"issuer.pub.pem"_s));
    CHECK(c.auth.keys[2].kid == u"k3"_s);
    CHECK(c.auth.keys[2].source == GatewayConfig::KeySource::JwksFile);
    CHECK(c.auth.keys[2].file == fx.path(u"issuer.jwks.json"_s));
    CHECK(c.auth.leewaySeconds == 45);
    CHECK(c.auth.requireUpstreamMatch == false);
    CHECK(c.auth.revokedJti == QStringList{u"jti-1"_s, u"jti-2"_s});

    CHECK(c.api.tokenFile == fx.path(u"api.token"_s));

    REQUIRE(c.targets.allow.size() == 3);
    CHECK(c.targets.allow[0].toString() == u"10.0.0.0/8"_s);
    CHECK(c.targets.allow[1].toString() == u"fd00::/8"_s);
    CHECK(c.targets.allow[2].toString() == u"192.168.1.7/32"_s);
    CHECK(c.targets.verifyTls == true);
    REQUIRE(c.targets.pins.size() == 2);
    CHECK(c.targets.pins[0].target.toString() == u"10.1.2.3:443"_s);
    CHECK(c.targets.pins[0].sha256.toHex() ==
          QByteArrayLiteral("abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789"));
    CHECK(c.targets.pins[1].target.toString() == u"10.1.2.4"_s);
    CHECK_FALSE(c.targets.pins[1].target.port.has_value());
    CHECK(c.targets.pins[1].sha256.size() == 32);
    CHECK(c.targets.pins[1].sha256.at(31) == 1);

    REQUIRE(c.agents.size() == 1);
    CHECK(c.agents[0].id == u"site-a"_s);
    CHECK(c.agents[0].secretFile == fx.path(u"site-a.secret"_s));
    CHECK(c.accounting.database == fx.path(u"data/traffic.db"_s));
    CHECK(c.accounting.retentionHours == 48);
    CHECK(c.upstream.connectTimeoutMs == 5000);
    CHECK(c.upstream.responseTimeoutMs == 30000);
    CHECK(c.upstream.maxIdlePerTarget == 2);
    CHECK(c.limits.maxSessions == 50);
}

TEST_CASE("optional keys take their documented defaults") {
    ConfigFixture fx;
    const auto result = fx.load(fx.minimalDocument());
    REQUIRE(result.hasValue());
    const GatewayConfig &c = *result;
    CHECK_FALSE(c.listen.api.has_value());
    CHECK(c.auth.leewaySeconds == 30);
    CHECK(c.auth.requireUpstreamMatch == true);
    CHECK(c.auth.revokedJti.isEmpty());
    CHECK(c.api.tokenFile.isEmpty());
    CHECK(c.targets.verifyTls == false);
    CHECK(c.targets.pins.isEmpty());
    CHECK(c.agents.isEmpty());
    CHECK(c.accounting.database.isEmpty());
    CHECK(c.accounting.retentionHours == 24);
    CHECK(c.upstream.connectTimeoutMs == 10000);
    CHECK(c.upstream.responseTimeoutMs == 60000);
    CHECK(c.upstream.maxIdlePerTarget == 32);
    CHECK(c.limits.maxSessions == 1000);
}

TEST_CASE("the example document of PRODUCT.md section 4 is accepted in shape") {
    // The spec's example with its paths pointed into the fixture.
    ConfigFixture fx;
    QByteArray json = R"({
      "name": "gw1.example.com",
      "listen": { "public": "0.0.0.0:8443", "api": "127.0.0.1:9443" },
      "tls": { "cert": "/etc/gatewayd/cert.pem", "key": "/etc/gatewayd/key.pem" },
      "auth": {
        "keys": [ { "kid": "k1", "alg": "HS256", "secretFile": "/etc/gatewayd/jwt.secret" },
                  { "kid": "k2", "alg": "ES256", "publicKeyFile": "/etc/gatewayd/issuer.pub.pem" } ],
        "leewaySeconds": 30,
        "requireUpstreamMatch": true,
        "revokedJti": []
      },
      "api": { "tokenFile": "/etc/gatewayd/api.token" },
      "targets": { "allow": ["10.0.0.0/8"], "verifyTls": false },
      "agents": [ { "id": "site-a", "secretFile": "/etc/gatewayd/site-a.secret" } ],
      "accounting": { "database": "/var/lib/gatewayd/traffic.db", "retentionHours": 24 }
    })";
    json.replace("/etc/gatewayd/", "");
    json.replace("/var/lib/gatewayd/", "data/");
    const auto result = ConfigLoader::fromJson(json, fx.path(QString()));
    INFO((result ? QString() : result.error().toString()).toStdString());
    REQUIRE(result.hasValue());
    CHECK(result->auth.keys.size() == 2);
    CHECK(result->accounting.database == fx.path(u"data/traffic.db"_s));
}

TEST_CASE("relative paths resolve against the configuration file's directory") {
    ConfigFixture fx;
    QJsonObject document = fx.validDocument();
    document = ConfigFixture::with(document, u"tls.cert"_s, u"cert.pem"_s);
    document = ConfigFixture::with(document, u"tls.key"_s, u"./key.pem"_s);
    document = ConfigFixture::with(document, u"auth.keys.0.secretFile"_s, u"jwt.secret"_s);
    document = ConfigFixture::with(document, u"accounting.database"_s, u"data/../data/t.db"_s);
    REQUIRE(QDir().mkpath(fx.path(u"etc"_s)));
    const QString configPath = fx.path(u"etc/gatewayd.json"_s);
    document = ConfigFixture::with(document, u"api.tokenFile"_s, u"../api.token"_s);
    fx.writeFile(u"etc/gatewayd.json"_s, QJsonDocument(document).toJson());
    // Files next to the configuration file, not next to the process's working directory.
    fx.writeFile(u"etc/cert.pem"_s, QByteArrayLiteral("c"));
    fx.writeFile(u"etc/key.pem"_s, QByteArrayLiteral("k"));
    fx.writeFile(u"etc/jwt.secret"_s, QByteArrayLiteral("s"));
    REQUIRE(QDir().mkpath(fx.path(u"etc/data"_s)));

    const auto result = ConfigLoader::fromFile(configPath);
    INFO((result ? QString() : result.error().toString()).toStdString());
    REQUIRE(result.hasValue());
    CHECK(result->tls.cert == fx.path(u"etc/cert.pem"_s));
    CHECK(result->tls.key == fx.path(u"etc/key.pem"_s));
    CHECK(result->auth.keys[0].file == fx.path(u"etc/jwt.secret"_s));
    CHECK(result->api.tokenFile == fx.path(u"api.token"_s));
    CHECK(result->accounting.database == fx.path(u"etc/data/t.db"_s));

    // fromJson resolves against the base directory it is given.
    const auto fromJson =
        ConfigLoader::fromJson(QJsonDocument(document).toJson(), fx.path(u"etc"_s));
    REQUIRE(fromJson.hasValue());
    CHECK(fromJson->tls.cert == fx.path(u"etc/cert.pem"_s));
}

TEST_CASE("fromFile names the file in every error") {
    ConfigFixture fx;
    SECTION("missing file") {
        const auto result = ConfigLoader::fromFile(fx.path(u"nope.json"_s));
        REQUIRE_FALSE(result.hasValue());
        CHECK(result.error().file == fx.path(u"nope.json"_s));
        CHECK(result.error().toString() == fx.path(u"nope.json"_s) + u": file not found"_s);
    }
    SECTION("a directory") {
        const auto result = ConfigLoader::fromFile(fx.path(u"data"_s));
        REQUIRE_FALSE(result.hasValue());
        CHECK(result.error().problem == u"not a regular file"_s);
    }
    SECTION("too large") {
        fx.writeFile(u"big.json"_s, QByteArray(ConfigLoader::MaxDocumentSize + 1, ' '));
        const auto result = ConfigLoader::fromFile(fx.path(u"big.json"_s));
        REQUIRE_FALSE(result.hasValue());
        CHECK(result.error().problem.startsWith(u"larger than"_s));
    }
    SECTION("an error inside the document") {
        fx.writeFile(
            u"bad.json"_s,
            QJsonDocument(ConfigFixture::with(fx.validDocument(), u"auth.keys.1.alg"_s, u"HS999"_s))
                .toJson());
        const auto result = ConfigLoader::fromFile(fx.path(u"bad.json"_s));
        REQUIRE_FALSE(result.hasValue());
        CHECK(result.error().toString().startsWith(fx.path(u"bad.json"_s) +
                                                   u": auth.keys[1].alg: unsupported algorithm "
                                                   u"\"HS999\" (expected one of HS256, "_s));
    }
}
