// The management API end to end, on real gatewayd and bmcsim processes: authentication
// on every endpoint, each endpoint, apply (validation, atomicity, persistence, closing
// the sessions a new configuration no longer allows), sessions and DELETE.
#include "apitestsupport.h"
#include "httpsclient.h"
#include "sessionclient.h"

#include <QFile>
#include <catch2/catch.hpp>

using namespace Qt::StringLiterals;
using namespace apitest;

namespace {

QByteArray readFile(const QString &path) {
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

QJsonObject withKeys(QJsonObject config, const QJsonArray &keys) {
    QJsonObject auth = config.value(u"auth"_s).toObject();
    auth.insert(u"keys"_s, keys);
    config.insert(u"auth"_s, auth);
    return config;
}

QByteArray doc(const QJsonObject &o) {
    return QJsonDocument(o).toJson();
}

} // namespace

TEST_CASE("api: without or with a wrong API token every endpoint answers 401 and does nothing") {
    GatewayFixture gw(generic());
    REQUIRE(gw.ok());
    SessionClient live(gw.gatewayPort());
    const QByteArray token = gw.mint({{u"platform"_s, u"generic"_s}, {u"jti"_s, u"live-1"_s}});
    REQUIRE(live.request(get("/redfish/v1", "pm-session=" + token)) > 0);
    const QString id = sessionWithJti(gw, u"live-1"_s).value(u"id"_s).toString();
    REQUIRE_FALSE(id.isEmpty());
    const QByteArray configBefore = readFile(gw.configPath());
    // A valid document that would revoke the live session's token if it were applied.
    QJsonObject revoking = gw.config();
    QJsonObject auth = revoking.value(u"auth"_s).toObject();
    auth.insert(u"revokedJti"_s, QJsonArray{u"live-1"_s});
    revoking.insert(u"auth"_s, auth);

    const QList<QPair<QByteArray, QString>> endpoints = {{"GET", u"/healthz"_s},
                                                         {"GET", u"/metrics"_s},
                                                         {"GET", u"/api/v1/config"_s},
                                                         {"POST", u"/api/v1/apply"_s},
                                                         {"GET", u"/api/v1/traffic?since=0"_s},
                                                         {"GET", u"/api/v1/sessions"_s},
                                                         {"DELETE", u"/api/v1/sessions/"_s + id},
                                                         {"GET", u"/api/v1/nothing-here"_s}};
    const QList<QByteArray> wrong = {QByteArray(),
                                     "Bearer wrong-token",
                                     "Bearer " + gw.apiToken() + "x",
                                     "Basic " + gw.apiToken(),
                                     gw.apiToken(),
                                     "Bearer"};
    const ApiClient client = api(gw);
    for (const auto &[method, path] : endpoints) {
        for (const QByteArray &authorization : wrong) {
            INFO(method.toStdString() << " " << path.toStdString() << " with '"
                                      << authorization.left(12).toStdString() << "'");
            const auto reply =
                client.send(method, path, method == "POST" ? doc(revoking) : "", authorization);
            CHECK(reply.status == 401);
            CHECK(reply.json().object().value(u"error"_s).toString() == u"unauthorized"_s);
            CHECK_FALSE(reply.body.contains("\"status\""));
        }
    }
    // Nothing happened: the file, the configuration and the session are as they were.
    CHECK(readFile(gw.configPath()) == configBefore);
    CHECK(client.get(u"/api/v1/config"_s)
              .json()
              .object()
              .value(u"auth"_s)
              .toObject()
              .value(u"revokedJti"_s)
              .toArray()
              .isEmpty());
    CHECK(sessionWithJti(gw, u"live-1"_s).value(u"id"_s).toString() == id);
    CHECK(live.request(get("/redfish/v1", "pm-session=" + token)) > 0);
}

TEST_CASE("api: healthz, config with secrets redacted, sessions, metrics") {
    GatewayFixture gw(generic());
    REQUIRE(gw.ok());
    const ApiClient client = api(gw);

    const auto health = client.get(u"/healthz"_s);
    CHECK(health.status == 200);
    CHECK(health.json().object().value(u"status"_s).toString() == u"ok"_s);

    const auto config = client.get(u"/api/v1/config"_s);
    REQUIRE(config.status == 200);
    const QJsonObject c = config.json().object();
    CHECK(c.value(u"name"_s).toString() == u"localhost"_s);
    CHECK(c.value(u"auth"_s).toObject().value(u"keys"_s).toArray().size() == 2);
    CHECK_FALSE(config.body.contains(gw.apiToken())); // file paths only, never contents

    SessionClient a(gw.gatewayPort());
    REQUIRE(a.request(get("/redfish/v1", "pm-session=" + gw.mint({{u"platform"_s, u"generic"_s},
                                                                  {u"jti"_s, u"j-a"_s},
                                                                  {u"sub"_s, u"alice"_s}}))) > 0);
    const QJsonObject s = sessionWithJti(gw, u"j-a"_s);
    CHECK(s.value(u"sub"_s).toString() == u"alice"_s);
    CHECK(s.value(u"ip"_s).toString() == u"127.0.0.1"_s);
    CHECK(s.value(u"port"_s).toInt() == gw.bmcPort());
    CHECK(s.value(u"platform"_s).toString() == u"generic"_s);
    CHECK(s.value(u"path"_s).toString() == u"browser"_s);
    CHECK(s.value(u"started"_s).toInteger() > 1600000000);
    CHECK(s.value(u"bytesUp"_s).toInteger() > 0);
    CHECK(s.value(u"bytesDown"_s).toInteger() > 0);
    CHECK(s.value(u"id"_s).toString().size() == 24);

    // A forged token: refused and counted.
    const auto forged = testsupport::httpsGet(gw.gatewayPort(), "/redfish/v1",
                                              GatewayFixture::cookieHeader(gw.mintForged()));
    CHECK(forged.status == 401);

    const auto metrics = client.get(u"/metrics"_s);
    REQUIRE(metrics.status == 200);
    CHECK(metrics.contentType.startsWith("text/plain"));
    const QByteArray m = metrics.body;
    CHECK(m.contains("gatewayd_sessions{path=\"browser\",platform=\"generic\"} 1\n"));
    CHECK(m.contains("gatewayd_token_refusals_total{reason=\"token_"));
    CHECK(m.contains("gatewayd_request_duration_seconds_count "));
    CHECK_FALSE(m.contains("gatewayd_request_duration_seconds_count 0\n"));
    CHECK(m.contains("gatewayd_bytes_total{path=\"browser\",direction=\"down\"} "));

    CHECK(client.get(u"/api/v1/traffic?since=yesterday"_s).status == 400);
    CHECK(client.post(u"/api/v1/config"_s, "{}").status == 405);
}

TEST_CASE("api: a bad apply gets 400 naming the key and changes nothing") {
    GatewayFixture gw(generic());
    REQUIRE(gw.ok());
    const ApiClient client = api(gw);
    const QByteArray fileBefore = readFile(gw.configPath());
    const QByteArray activeBefore = client.get(u"/api/v1/config"_s).body;

    QJsonObject badAlg = gw.config();
    badAlg = withKeys(
        badAlg,
        QJsonArray{QJsonObject{
            {u"kid"_s, u"k1"_s},
            {u"alg"_s, u"HS999"_s},
            {u"secretFile"_s,
             gw.config().value(u"auth"_s).toObject().value(u"keys"_s).toArray()[0].toObject().value(
                 u"secretFile"_s)}}});
    QJsonObject badAllow = gw.config();
    QJsonObject targets = badAllow.value(u"targets"_s).toObject();
    targets.insert(u"allow"_s, QJsonArray{u"10.0.0.0/33"_s});
    badAllow.insert(u"targets"_s, targets);
    QJsonObject missingFile = gw.config();
    missingFile.insert(u"tls"_s, QJsonObject{{u"cert"_s, u"/nonexistent/cert.pem"_s},
                                             {u"key"_s, u"/nonexistent/key.pem"_s}});

    const QList<QPair<QByteArray, QString>> cases = {
        {"this is not json", QString()},      {R"({"name": 5})", u"name"_s},
        {doc(badAlg), u"auth.keys[0].alg"_s}, {doc(badAllow), u"targets.allow"_s},
        {doc(missingFile), u"tls.cert"_s},
    };
    for (const auto &[body, key] : cases) {
        INFO(body.left(40).toStdString());
        const auto reply = client.post(u"/api/v1/apply"_s, body);
        CHECK(reply.status == 400);
        CHECK(reply.json().object().value(u"error"_s).toString() == u"invalid_config"_s);
        if (!key.isEmpty())
            CHECK(reply.json().object().value(u"detail"_s).toString().contains(key));
    }
    CHECK(readFile(gw.configPath()) == fileBefore);
    CHECK(client.get(u"/api/v1/config"_s).body == activeBefore);
    // The old configuration still serves: k2 tokens are still accepted.
    SessionClient s(gw.gatewayPort());
    CHECK(s.request(get("/redfish/v1",
                        "pm-session=" + gw.mintK2({{u"platform"_s, u"generic"_s}}))) == 200);
}

TEST_CASE("api: a good apply is saved, takes effect and closes exactly the sessions it refuses") {
    GatewayFixture gw(generic());
    REQUIRE(gw.ok());
    const ApiClient client = api(gw);
    const QByteArray t1 = gw.mint({{u"platform"_s, u"generic"_s}, {u"jti"_s, u"s-k1"_s}});
    const QByteArray t2 = gw.mintK2({{u"platform"_s, u"generic"_s}, {u"jti"_s, u"s-k2"_s}});
    SessionClient one(gw.gatewayPort());
    SessionClient two(gw.gatewayPort());
    REQUIRE(one.request(get("/redfish/v1", "pm-session=" + t1)) == 200);
    REQUIRE(two.request(get("/redfish/v1", "pm-session=" + t2)) == 200);

    // Remove k2: the session signed with it ends, the other goes on.
    const QJsonArray keys = gw.config().value(u"auth"_s).toObject().value(u"keys"_s).toArray();
    const QJsonObject withoutK2 = withKeys(gw.config(), QJsonArray{keys[0]});
    const auto applied = client.post(u"/api/v1/apply"_s, doc(withoutK2));
    REQUIRE(applied.status == 200);
    CHECK(applied.json().object().value(u"sessionsClosed"_s).toInt() == 1);
    CHECK(two.waitClosed());
    CHECK(one.request(get("/redfish/v1", "pm-session=" + t1)) == 200);
    CHECK(sessionWithJti(gw, u"s-k2"_s).isEmpty());
    CHECK_FALSE(sessionWithJti(gw, u"s-k1"_s).isEmpty());
    // Persisted, active, effective.
    const QJsonObject saved = QJsonDocument::fromJson(readFile(gw.configPath())).object();
    CHECK(saved.value(u"auth"_s).toObject().value(u"keys"_s).toArray().size() == 1);
    CHECK(client.get(u"/api/v1/config"_s)
              .json()
              .object()
              .value(u"auth"_s)
              .toObject()
              .value(u"keys"_s)
              .toArray()
              .size() == 1);
    CHECK(testsupport::httpsGet(gw.gatewayPort(), "/redfish/v1", GatewayFixture::cookieHeader(t2))
              .status == 401);

    // Narrow targets.allow: the session to 127.0.0.1 ends, and new ones are refused.
    QJsonObject narrowed = withoutK2;
    QJsonObject targets = narrowed.value(u"targets"_s).toObject();
    targets.insert(u"allow"_s, QJsonArray{u"10.0.0.0/8"_s});
    narrowed.insert(u"targets"_s, targets);
    REQUIRE(client.post(u"/api/v1/apply"_s, doc(narrowed)).status == 200);
    CHECK(one.waitClosed());
    CHECK(testsupport::httpsGet(gw.gatewayPort(), "/redfish/v1", GatewayFixture::cookieHeader(t1))
              .status == 403);

    // Back to the allow list, with s-k1 revoked: its token is refused from then on.
    QJsonObject revoking = withoutK2;
    QJsonObject auth = revoking.value(u"auth"_s).toObject();
    auth.insert(u"revokedJti"_s, QJsonArray{u"s-k1"_s});
    revoking.insert(u"auth"_s, auth);
    REQUIRE(client.post(u"/api/v1/apply"_s, doc(revoking)).status == 200);
    const auto revoked =
        testsupport::httpsGet(gw.gatewayPort(), "/redfish/v1", GatewayFixture::cookieHeader(t1));
    CHECK(revoked.status == 401);
    CHECK(revoked.json().value(u"error"_s).toString() == u"token_revoked"_s);
    CHECK(testsupport::httpsGet(
              gw.gatewayPort(), "/redfish/v1",
              GatewayFixture::cookieHeader(gw.mint({{u"platform"_s, u"generic"_s}})))
              .status == 200);
}

TEST_CASE("api: a revoked jti ends its live session on apply") {
    GatewayFixture gw(generic());
    REQUIRE(gw.ok());
    const QByteArray token = gw.mint({{u"platform"_s, u"generic"_s}, {u"jti"_s, u"to-revoke"_s}});
    SessionClient live(gw.gatewayPort());
    SessionClient other(gw.gatewayPort());
    REQUIRE(live.request(get("/redfish/v1", "pm-session=" + token)) == 200);
    REQUIRE(other.request(get("/redfish/v1",
                              "pm-session=" + gw.mint({{u"platform"_s, u"generic"_s}}))) == 200);
    QJsonObject config = gw.config();
    QJsonObject auth = config.value(u"auth"_s).toObject();
    auth.insert(u"revokedJti"_s, QJsonArray{u"to-revoke"_s});
    config.insert(u"auth"_s, auth);
    const auto reply = api(gw).post(u"/api/v1/apply"_s, doc(config));
    REQUIRE(reply.status == 200);
    CHECK(reply.json().object().value(u"sessionsClosed"_s).toInt() == 1);
    CHECK(live.waitClosed());
    CHECK(other.request(
              get("/redfish/v1", "pm-session=" + gw.mint({{u"platform"_s, u"generic"_s}}))) == 200);
}

TEST_CASE("api: DELETE ends a session at once and its token is refused afterwards") {
    GatewayFixture gw(generic());
    REQUIRE(gw.ok());
    const ApiClient client = api(gw);
    const QByteArray token = gw.mint({{u"platform"_s, u"generic"_s}, {u"jti"_s, u"kick-me"_s}});
    SessionClient live(gw.gatewayPort());
    SessionClient other(gw.gatewayPort());
    REQUIRE(live.request(get("/redfish/v1", "pm-session=" + token)) == 200);
    REQUIRE(other.request(get("/redfish/v1",
                              "pm-session=" + gw.mint({{u"platform"_s, u"generic"_s}}))) == 200);
    const QString id = sessionWithJti(gw, u"kick-me"_s).value(u"id"_s).toString();
    REQUIRE_FALSE(id.isEmpty());

    const auto reply = client.del(u"/api/v1/sessions/"_s + id);
    CHECK(reply.status == 200);
    CHECK(live.waitClosed());
    CHECK(sessionWithJti(gw, u"kick-me"_s).isEmpty());
    const auto again =
        testsupport::httpsGet(gw.gatewayPort(), "/redfish/v1", GatewayFixture::cookieHeader(token));
    CHECK(again.status == 401);
    CHECK(again.json().value(u"error"_s).toString() == u"session_ended"_s);
    CHECK(other.request(
              get("/redfish/v1", "pm-session=" + gw.mint({{u"platform"_s, u"generic"_s}}))) == 200);
    CHECK(client.del(u"/api/v1/sessions/"_s + id).status == 404);
    CHECK(client.get(u"/api/v1/sessions/"_s + id).status == 405);
}
