// Every class of configuration error names the right key and the problem.
#include "config/configloader.h"
#include "configfixture.h"

#include <QFile>
#include <QJsonArray>
#include <vector>

using namespace Qt::StringLiterals;
using gw::ConfigError;
using gw::ConfigLoader;
using gw::test::ConfigFixture;

namespace {

struct Case {
    QString path;     // dotted path to change in the valid document
    QJsonValue value; // new value; Undefined removes the key
    QString key;      // expected ConfigError::key
    QString problem;  // expected substring of ConfigError::problem
};

void checkCases(const ConfigFixture &fx, const std::vector<Case> &cases) {
    for (const Case &c : cases) {
        INFO("changing " << c.path.toStdString());
        const QJsonObject document = c.value.isUndefined()
                                         ? ConfigFixture::without(fx.validDocument(), c.path)
                                         : ConfigFixture::with(fx.validDocument(), c.path, c.value);
        const ConfigError error = fx.errorFor(document);
        INFO(error.toString().toStdString());
        CHECK(error.key == c.key);
        CHECK(error.problem.contains(c.problem));
    }
}

const QJsonValue kRemove(QJsonValue::Undefined);

} // namespace

TEST_CASE("JSON syntax errors give line and column") {
    const QByteArray json = "{\n  \"name\": \"gw\",\n  \"listen\" {}\n}";
    const auto result = ConfigLoader::fromJson(json, QString());
    REQUIRE_FALSE(result.hasValue());
    CHECK(result.error().key.isEmpty());
    CHECK(result.error().problem == u"invalid JSON at line 3, column 13: missing name separator"_s);

    const auto empty = ConfigLoader::fromJson(QByteArray(), QString());
    REQUIRE_FALSE(empty.hasValue());
    CHECK(empty.error().problem.startsWith(u"invalid JSON at line 1, column 1"_s));

    const auto array = ConfigLoader::fromJson("[1, 2]", QString());
    REQUIRE_FALSE(array.hasValue());
    CHECK(array.error().problem.contains(u"must be a JSON object"_s));
}

TEST_CASE("a member given twice is an error, not a silent override") {
    ConfigFixture fx;
    const QByteArray twiceTop =
        R"({"name": "a", "targets": {"allow": []}, "targets": {"allow": []}})";
    auto result = ConfigLoader::fromJson(twiceTop, QString());
    REQUIRE_FALSE(result.hasValue());
    CHECK(result.error().key == u"targets"_s);
    CHECK(result.error().problem.contains(u"twice"_s));

    const QByteArray twiceNested =
        R"({"auth": {"keys": [{"kid": "a"}, {"kid": "b", "alg": "x", "k\u0069d": "c"}]}})";
    result = ConfigLoader::fromJson(twiceNested, QString());
    REQUIRE_FALSE(result.hasValue());
    CHECK(result.error().key == u"auth.keys[1].kid"_s);

    // Same names in different objects are fine.
    const QByteArray distinct =
        R"({"a": {"x": 1, "s": "\"x\""}, "b": {"x": [{"x": 1}, {"x": 2}]}})";
    result = ConfigLoader::fromJson(distinct, QString());
    REQUIRE_FALSE(result.hasValue());
    CHECK(result.error().problem.startsWith(u"unknown key"_s)); // got past the duplicate scan
}

TEST_CASE("unknown keys are errors, with a suggestion") {
    ConfigFixture fx;
    ConfigError error =
        fx.errorFor(ConfigFixture::with(fx.validDocument(), u"auth.leewaySecs"_s, 10));
    CHECK(error.key == u"auth.leewaySecs"_s);
    CHECK(error.problem.contains(u"unknown key"_s));
    CHECK(error.problem.contains(u"did you mean \"leewaySeconds\"?"_s));

    error = fx.errorFor(ConfigFixture::with(fx.validDocument(), u"naem"_s, u"x"_s));
    CHECK(error.key == u"naem"_s);
    CHECK(error.problem.contains(u"did you mean \"name\"?"_s));

    error = fx.errorFor(ConfigFixture::with(fx.validDocument(), u"auth.keys.0.use"_s, u"sig"_s));
    CHECK(error.key == u"auth.keys[0].use"_s);
    CHECK(error.problem.contains(
        u"known keys here: kid, alg, secretFile, publicKeyFile, jwksFile"_s));

    // A misspelled required key is reported as the typo, not as a missing key.
    QJsonObject document = ConfigFixture::without(fx.validDocument(), u"targets.allow"_s);
    document = ConfigFixture::with(document, u"targets.alow"_s, QJsonArray{u"10.0.0.0/8"_s});
    error = fx.errorFor(document);
    CHECK(error.key == u"targets.alow"_s);
    CHECK(error.problem.contains(u"did you mean \"allow\"?"_s));
}

TEST_CASE("wrong types name the key, the expected type and what was found") {
    ConfigFixture fx;
    checkCases(
        fx,
        {
            {u"name"_s, 42, u"name"_s, u"expected a string, got a number 42"_s},
            {u"listen"_s, u"0.0.0.0:1"_s, u"listen"_s, u"expected an object, got a string"_s},
            {u"auth.keys"_s, QJsonObject{}, u"auth.keys"_s, u"expected an array, got an object"_s},
            {u"auth.keys.1"_s, u"k2"_s, u"auth.keys[1]"_s, u"expected an object"_s},
            {u"auth.leewaySeconds"_s, u"30"_s, u"auth.leewaySeconds"_s,
             u"expected an integer from 0 to 3600, got a string \"30\""_s},
            {u"auth.requireUpstreamMatch"_s, u"yes"_s, u"auth.requireUpstreamMatch"_s,
             u"expected true or false"_s},
            {u"auth.revokedJti.1"_s, 7, u"auth.revokedJti[1]"_s, u"expected a string"_s},
            {u"targets.verifyTls"_s, 1, u"targets.verifyTls"_s,
             u"expected true or false, got a number 1"_s},
            {u"targets.allow.0"_s, QJsonValue::Null, u"targets.allow[0]"_s,
             u"expected a string, got null"_s},
            {u"targets.pins"_s, QJsonArray{}, u"targets.pins"_s, u"expected an object"_s},
            {u"agents"_s, QJsonObject{}, u"agents"_s, u"expected an array"_s},
            {u"agents.0.id"_s, true, u"agents[0].id"_s, u"expected a string, got true"_s},
            {u"tls.cert"_s, u""_s, u"tls.cert"_s, u"must not be empty"_s},
        });
}

TEST_CASE("missing required keys are named") {
    ConfigFixture fx;
    checkCases(
        fx,
        {
            {u"name"_s, kRemove, u"name"_s, u"missing required key"_s},
            {u"listen"_s, kRemove, u"listen"_s, u"missing required key"_s},
            {u"listen.public"_s, kRemove, u"listen.public"_s, u"missing required key"_s},
            {u"tls.cert"_s, kRemove, u"tls.cert"_s, u"missing required key"_s},
            {u"tls.key"_s, kRemove, u"tls.key"_s, u"missing required key"_s},
            {u"auth.keys"_s, kRemove, u"auth.keys"_s, u"missing required key"_s},
            {u"auth.keys"_s, QJsonArray{}, u"auth.keys"_s, u"needs at least one key"_s},
            {u"auth.keys.0.kid"_s, kRemove, u"auth.keys[0].kid"_s, u"missing required key"_s},
            {u"auth.keys.0.alg"_s, kRemove, u"auth.keys[0].alg"_s, u"missing required key"_s},
            {u"targets"_s, kRemove, u"targets"_s, u"missing required key"_s},
            {u"targets.allow"_s, kRemove, u"targets.allow"_s, u"missing required key"_s},
            {u"agents.0.secretFile"_s, kRemove, u"agents[0].secretFile"_s,
             u"missing required key"_s},
            {u"api.tokenFile"_s, kRemove, u"api.tokenFile"_s, u"required when listen.api is set"_s},
            {u"api"_s, kRemove, u"api.tokenFile"_s, u"required when listen.api is set"_s},
        });
    // Without listen.api, no token file is needed.
    QJsonObject document = ConfigFixture::without(fx.validDocument(), u"listen.api"_s);
    document = ConfigFixture::without(document, u"api"_s);
    CHECK(fx.load(document).hasValue());
}

TEST_CASE("bad CIDRs in targets.allow are refused") {
    ConfigFixture fx;
    checkCases(
        fx,
        {
            {u"targets.allow.1"_s, u"garbage"_s, u"targets.allow[1]"_s, u"is not a network"_s},
            {u"targets.allow.1"_s, u"10.0.0.0/33"_s, u"targets.allow[1]"_s,
             u"prefix length must be 0..32"_s},
            {u"targets.allow.1"_s, u"fd00::/129"_s, u"targets.allow[1]"_s,
             u"prefix length must be 0..128"_s},
            {u"targets.allow.1"_s, u"10.0.0.0/"_s, u"targets.allow[1]"_s, u"prefix length"_s},
            {u"targets.allow.1"_s, u"10.0.0.0/255.0.0.0"_s, u"targets.allow[1]"_s,
             u"prefix length"_s},
            {u"targets.allow.1"_s, u"10.0.0.1/8"_s, u"targets.allow[1]"_s,
             u"host bits set; did you mean \"10.0.0.1/32\" or \"10.0.0.0/8\"?"_s},
            {u"targets.allow.1"_s, u"10.1"_s, u"targets.allow[1]"_s, u"is not a network"_s},
            {u"targets.allow.1"_s, u"010.0.0.0/8"_s, u"targets.allow[1]"_s, u"is not a network"_s},
            {u"targets.allow.1"_s, u" 10.0.0.0/8"_s, u"targets.allow[1]"_s, u"is not a network"_s},
        });
}

TEST_CASE("algorithms and key sources are checked") {
    ConfigFixture fx;
    checkCases(
        fx,
        {
            {u"auth.keys.1.alg"_s, u"HS999"_s, u"auth.keys[1].alg"_s,
             u"unsupported algorithm \"HS999\" (expected one of HS256, HS384, HS512, RS256, RS384, "
             u"RS512, PS256, ES256, ES384, EdDSA)"_s},
            {u"auth.keys.0.alg"_s, u"none"_s, u"auth.keys[0].alg"_s,
             u"unsupported algorithm \"none\""_s},
            {u"auth.keys.0.alg"_s, u"hs256"_s, u"auth.keys[0].alg"_s, u"unsupported algorithm"_s},
            {u"auth.keys.0.alg"_s, u"RS256"_s, u"auth.keys[0].secretFile"_s,
             u"RS256 is a public-key algorithm and needs publicKeyFile or jwksFile"_s},
            {u"auth.keys.1.alg"_s, u"HS512"_s, u"auth.keys[1].publicKeyFile"_s,
             u"HS512 is an HMAC algorithm and needs secretFile"_s},
            {u"auth.keys.1.publicKeyFile"_s, kRemove, u"auth.keys[1]"_s,
             u"needs exactly one of secretFile, publicKeyFile, jwksFile (has 0)"_s},
            {u"auth.keys.2.publicKeyFile"_s, u"issuer.pub.pem"_s, u"auth.keys[2]"_s,
             u"needs exactly one of secretFile, publicKeyFile, jwksFile (has 2)"_s},
        });
    for (const QString &alg : ConfigLoader::supportedAlgorithms()) {
        INFO(alg.toStdString());
        const QString source = alg.startsWith(u"HS"_s) ? u"secretFile"_s : u"publicKeyFile"_s;
        QJsonObject document = ConfigFixture::with(
            fx.minimalDocument(), u"auth.keys"_s,
            QJsonArray{
                QJsonObject{{u"kid"_s, u"only"_s}, {u"alg"_s, alg}, {source, u"jwt.secret"_s}}});
        CHECK(fx.load(document).hasValue());
    }
}

TEST_CASE("duplicate kids and agent ids are refused") {
    ConfigFixture fx;
    checkCases(
        fx, {
                {u"auth.keys.2.kid"_s, u"k1"_s, u"auth.keys[2].kid"_s, u"duplicate kid \"k1\""_s},
                {u"agents.1"_s,
                 QJsonObject{{u"id"_s, u"site-a"_s}, {u"secretFile"_s, u"site-a.secret"_s}},
                 u"agents[1].id"_s, u"duplicate agent id \"site-a\""_s},
                {u"agents.0.id"_s, u"site a"_s, u"agents[0].id"_s, u"is not a valid agent id"_s},
            });
}

TEST_CASE("key, certificate and secret files must exist and be readable") {
    ConfigFixture fx;
    fx.writeFile(u"empty.secret"_s, QByteArray());
    checkCases(
        fx,
        {
            {u"auth.keys.0.secretFile"_s, u"missing.secret"_s, u"auth.keys[0].secretFile"_s,
             u"file not found: "_s + fx.path(u"missing.secret"_s)},
            {u"auth.keys.1.publicKeyFile"_s, u"data"_s, u"auth.keys[1].publicKeyFile"_s,
             u"is a directory"_s},
            {u"auth.keys.0.secretFile"_s, u"empty.secret"_s, u"auth.keys[0].secretFile"_s,
             u"file is empty"_s},
            {u"auth.keys.2.jwksFile"_s, u"/dev/null"_s, u"auth.keys[2].jwksFile"_s,
             u"not a regular file"_s},
            {u"tls.cert"_s, u"nope.pem"_s, u"tls.cert"_s, u"file not found"_s},
            {u"tls.key"_s, u"nope.pem"_s, u"tls.key"_s, u"file not found"_s},
            {u"api.tokenFile"_s, u"nope"_s, u"api.tokenFile"_s, u"file not found"_s},
            {u"agents.0.secretFile"_s, u"nope"_s, u"agents[0].secretFile"_s, u"file not found"_s},
            {u"accounting.database"_s, u"no/such/dir/t.db"_s, u"accounting.database"_s,
             u"directory does not exist"_s},
            {u"accounting.database"_s, u"data"_s, u"accounting.database"_s, u"is a directory"_s},
        });

    SECTION("an unreadable file") {
        QFile file(fx.path(u"jwt.secret"_s));
        REQUIRE(file.setPermissions(QFileDevice::WriteOwner));
        QFile probe(fx.path(u"jwt.secret"_s));
        if (probe.open(QIODevice::ReadOnly)) {
            WARN("running with privileges that read any file (root); skipping");
        } else {
            const ConfigError error = fx.errorFor(fx.validDocument());
            CHECK(error.key == u"auth.keys[0].secretFile"_s);
            CHECK(error.problem.startsWith(u"cannot read "_s + fx.path(u"jwt.secret"_s)));
        }
    }
}

TEST_CASE("listen addresses must parse") {
    ConfigFixture fx;
    checkCases(
        fx,
        {
            {u"listen.public"_s, u"0.0.0.0"_s, u"listen.public"_s, u"missing port"_s},
            {u"listen.public"_s, u"0.0.0.0:99999"_s, u"listen.public"_s, u"is not a port number"_s},
            {u"listen.public"_s, u"0.0.0.0:"_s, u"listen.public"_s, u"is not a port number"_s},
            {u"listen.public"_s, u"0.0.0.0:-1"_s, u"listen.public"_s, u"is not a port number"_s},
            {u"listen.public"_s, u"localhost:8443"_s, u"listen.public"_s,
             u"\"localhost\" is not an IP address"_s},
            {u"listen.public"_s, u"010.0.0.1:8443"_s, u"listen.public"_s,
             u"is not an IP address"_s},
            {u"listen.api"_s, u"::1:9443"_s, u"listen.api"_s, u"needs brackets"_s},
            {u"listen.api"_s, u"[::1]"_s, u"listen.api"_s, u"missing port"_s},
            {u"listen.api"_s, u"[::1:9443"_s, u"listen.api"_s, u"missing \"]\""_s},
            {u"listen.api"_s, u"[10.0.0.1]:9443"_s, u"listen.api"_s, u"brackets are for IPv6"_s},
            {u"listen.api"_s, u"127.0.0.1:8443"_s, u"listen.api"_s,
             u"uses the same port as listen.public"_s},
        });
    // Port 0 (the OS picks one) is allowed for tests, and twice too.
    QJsonObject document =
        ConfigFixture::with(fx.validDocument(), u"listen.public"_s, u"127.0.0.1:0"_s);
    document = ConfigFixture::with(document, u"listen.api"_s, u"127.0.0.1:0"_s);
    const auto result = fx.load(document);
    REQUIRE(result.hasValue());
    CHECK(result->listen.publicAddress.port == 0);
}

TEST_CASE("numbers out of range are refused with the range") {
    ConfigFixture fx;
    checkCases(
        fx, {
                {u"auth.leewaySeconds"_s, -1, u"auth.leewaySeconds"_s,
                 u"expected an integer from 0 to 3600, got a number -1"_s},
                {u"auth.leewaySeconds"_s, 3601, u"auth.leewaySeconds"_s, u"from 0 to 3600"_s},
                {u"auth.leewaySeconds"_s, 1.5, u"auth.leewaySeconds"_s, u"got a number 1.5"_s},
                {u"accounting.retentionHours"_s, 0, u"accounting.retentionHours"_s, u"from 1 to"_s},
                {u"upstream.connectTimeoutMs"_s, 0, u"upstream.connectTimeoutMs"_s,
                 u"from 1 to 600000"_s},
                {u"upstream.responseTimeoutMs"_s, 1e12, u"upstream.responseTimeoutMs"_s,
                 u"from 1 to 3600000"_s},
                {u"upstream.maxIdlePerTarget"_s, -3, u"upstream.maxIdlePerTarget"_s,
                 u"from 0 to 1000"_s},
                {u"limits.maxSessions"_s, 0, u"limits.maxSessions"_s, u"from 1 to 1000000"_s},
            });
    // The range's ends are inside it.
    QJsonObject document = ConfigFixture::with(fx.validDocument(), u"auth.leewaySeconds"_s, 3600);
    document = ConfigFixture::with(document, u"accounting.retentionHours"_s, 1);
    document = ConfigFixture::with(document, u"upstream.maxIdlePerTarget"_s, 0);
    const auto result = fx.load(document);
    REQUIRE(result.hasValue());
    CHECK(result->auth.leewaySeconds == 3600);
    CHECK(result->accounting.retentionHours == 1);
}

TEST_CASE("name, pins and fingerprints are checked") {
    ConfigFixture fx;
    const QString fp(64, u'a');
    checkCases(fx,
               {
                   {u"name"_s, u"https://gw1.example.com"_s, u"name"_s, u"is not a host name"_s},
                   {u"name"_s, u"gw1.example.com:443"_s, u"name"_s, u"is not a host name"_s},
                   {u"name"_s, u"-bad-.example"_s, u"name"_s, u"is not a host name"_s},
                   {u"targets.pins"_s, QJsonObject{{u"10.0.0.1"_s, u"abc"_s}},
                    u"targets.pins[\"10.0.0.1\"]"_s, u"64 hex digits"_s},
                   {u"targets.pins"_s, QJsonObject{{u"10.0.0.1"_s, QString(64, u'g')}},
                    u"targets.pins[\"10.0.0.1\"]"_s, u"64 hex digits"_s},
                   {u"targets.pins"_s, QJsonObject{{u"bmc1.example"_s, fp}},
                    u"targets.pins[\"bmc1.example\"]"_s, u"is not an IP address"_s},
                   {u"targets.pins"_s, QJsonObject{{u"10.0.0.1:70000"_s, fp}},
                    u"targets.pins[\"10.0.0.1:70000\"]"_s, u"is not a port number"_s},
                   {u"targets.pins"_s, QJsonObject{{u"fd00::1"_s, fp}, {u"fd00:0::1"_s, fp}},
                    u"targets.pins[\"fd00::1\"]"_s, u"pins fd00::1 twice"_s},
               });
    // IPv6 with and without a port.
    const auto result =
        fx.load(ConfigFixture::with(fx.validDocument(), u"targets.pins"_s,
                                    QJsonObject{{u"fd00::1"_s, fp}, {u"[fd00::2]:8443"_s, fp}}));
    REQUIRE(result.hasValue());
    REQUIRE(result->targets.pins.size() == 2);
    CHECK(result->targets.pins[0].target.toString() == u"[fd00::2]:8443"_s);
    CHECK(result->targets.pins[1].target.toString() == u"fd00::1"_s);
}

TEST_CASE("the redaction placeholder is refused as a value") {
    ConfigFixture fx;
    const ConfigError error =
        fx.errorFor(ConfigFixture::with(fx.validDocument(), u"tls.key"_s, u"<redacted>"_s));
    CHECK(error.key == u"tls.key"_s);
    CHECK(error.problem.contains(u"send the real value"_s));
}

TEST_CASE("ConfigError::toString is one line naming file, key and problem") {
    CHECK(ConfigError{u"auth.keys[1].alg"_s, u"bad"_s}.toString() == u"auth.keys[1].alg: bad"_s);
    CHECK(ConfigError{QString(), u"bad"_s}.toString() == u"bad"_s);
    CHECK(ConfigError{u"k"_s, u"bad"_s, u"/etc/g.json"_s}.toString() == u"/etc/g.json: k: bad"_s);
}

TEST_CASE("ingress.agentDomain must be a domain of its own, apart from the gateway's names") {
    ConfigFixture fx;
    const QJsonObject withSessions =
        ConfigFixture::with(fx.validDocument(), u"browser.sessionDomain"_s, u"s.gw.example"_s);
    const QString name = fx.validDocument().value(u"name"_s).toString();
    struct Bad {
        QJsonObject document;
        const char *why;
    };
    const QList<Bad> bad = {
        {ConfigFixture::with(withSessions, u"ingress.agentDomain"_s, u"s.gw.example"_s),
         "the session domain itself"},
        {ConfigFixture::with(withSessions, u"ingress.agentDomain"_s, u"gw.example"_s),
         "a parent of the session domain: every session origin would be an agent's name"},
        {ConfigFixture::with(withSessions, u"ingress.agentDomain"_s, u"a.s.gw.example"_s),
         "under the session domain"},
        {ConfigFixture::with(fx.validDocument(), u"ingress.agentDomain"_s,
                             name.mid(name.indexOf(u'.') + 1)),
         "a parent of the gateway's name: its own links would go to an agent"},
        {ConfigFixture::with(fx.validDocument(), u"ingress.agentDomain"_s, u"10.0.0.1"_s),
         "an address"},
    };
    for (const Bad &b : bad) {
        INFO(b.why);
        const ConfigError error = fx.errorFor(b.document);
        CHECK(error.key == u"ingress.agentDomain"_s);
    }
    // Apart from both, it is taken (lower case, without a trailing dot).
    const auto good = fx.load(
        ConfigFixture::with(withSessions, u"ingress.agentDomain"_s, u"Agents.Example.NET."_s));
    REQUIRE(good);
    CHECK(good->ingress.agentDomain == u"agents.example.net"_s);
}
