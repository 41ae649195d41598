// Issue 8, point 6: a keep-alive connection opened before an apply is judged, request by
// request, by the configuration in force when each request arrives.
#include "apiclient.h"
#include "gatewayfixture.h"
#include "sessionclient.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <catch2/catch.hpp>

using namespace Qt::StringLiterals;

namespace {

QByteArray get(const QByteArray &token) {
    return "GET /redfish/v1 HTTP/1.1\r\nHost: localhost\r\nCookie: pm-session=" + token +
           "\r\n\r\n";
}

GatewayFixture::Options withApi() {
    GatewayFixture::Options options;
    options.platform = u"generic"_s;
    options.api = true;
    return options;
}

QJsonObject withSection(QJsonObject config, const QString &section, const QString &key,
                        const QJsonValue &value) {
    QJsonObject s = config.value(section).toObject();
    s.insert(key, value);
    config.insert(section, s);
    return config;
}

void apply(const GatewayFixture &gw, const QJsonObject &config) {
    const ApiClient api(gw.apiPort(), gw.apiToken());
    const auto reply = api.post(u"/api/v1/apply"_s, QJsonDocument(config).toJson());
    INFO(reply.body.toStdString());
    REQUIRE(reply.status == 200);
}

QString errorOf(const SessionClient &client) {
    return QJsonDocument::fromJson(client.body).object().value(u"error"_s).toString();
}

} // namespace

TEST_CASE("live config: a jti revoked by an apply is refused on a connection opened before") {
    GatewayFixture gw(withApi());
    REQUIRE(gw.ok());
    const QJsonObject generic{{u"platform"_s, u"generic"_s}};
    QJsonObject a = generic, b = generic;
    a.insert(u"jti"_s, u"still-fine"_s);
    b.insert(u"jti"_s, u"revoked-later"_s);
    SessionClient held(gw.gatewayPort());
    REQUIRE(held.request(get(gw.mint(a))) == 200);
    apply(gw, withSection(gw.config(), u"auth"_s, u"revokedJti"_s, QJsonArray{u"revoked-later"_s}));
    // The held connection (its session is still allowed) asks with the revoked token.
    CHECK(held.request(get(gw.mint(b))) == 401);
    CHECK(errorOf(held) == u"token_revoked"_s);
}

TEST_CASE("live config: a key removed by an apply no longer verifies on a held connection") {
    GatewayFixture gw(withApi());
    REQUIRE(gw.ok());
    const QJsonObject generic{{u"platform"_s, u"generic"_s}};
    SessionClient held(gw.gatewayPort());
    REQUIRE(held.request(get(gw.mintK2(generic))) == 200); // a k2 session stays allowed
    QJsonObject auth = gw.config().value(u"auth"_s).toObject();
    QJsonArray keys;
    for (const QJsonValue &k : auth.value(u"keys"_s).toArray()) {
        if (k.toObject().value(u"kid"_s).toString() != u"k1"_s)
            keys.append(k);
    }
    REQUIRE(keys.size() == 1);
    apply(gw, withSection(gw.config(), u"auth"_s, u"keys"_s, keys));
    CHECK(held.request(get(gw.mint(generic))) == 401); // signed with the removed k1
    CHECK(errorOf(held).startsWith(u"token_"_s));
    CHECK(held.request(get(gw.mintK2(generic))) == 200);
}

TEST_CASE("live config: a narrowed targets.allow refuses the next request on a held connection") {
    GatewayFixture gw(withApi());
    REQUIRE(gw.ok());
    SessionClient held(gw.gatewayPort());
    REQUIRE(held.request(get(gw.mint({{u"platform"_s, u"generic"_s}}))) == 200);
    // 127.0.0.1 stays allowed (the held session goes on); 127.0.0.2 no longer is.
    apply(gw, withSection(gw.config(), u"targets"_s, u"allow"_s, QJsonArray{u"127.0.0.1/32"_s}));
    const QByteArray elsewhere =
        gw.mint({{u"platform"_s, u"generic"_s}, {u"ip"_s, u"127.0.0.2"_s}});
    CHECK(held.request(get(elsewhere)) == 403);
    CHECK(errorOf(held) == u"target_not_allowed"_s);
}
