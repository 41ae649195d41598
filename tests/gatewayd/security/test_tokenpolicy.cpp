// Issue 8, points 8 and 14: a token has one spelling and one session; a killed session stays
// refused until its token could no longer verify; auth.audience and auth.issuers.
#include "apiclient.h"
#include "gatewayfixture.h"
#include "httpsclient.h"
#include "sessionclient.h"
#include "token/base64url.h"
#include "token/gpsessionclaims.h"
#include "token/jwsalgorithm.h"
#include "token/keyloader.h"
#include "token/tokenminter.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QTemporaryDir>
#include <QUrl>
#include <catch2/catch.hpp>

using namespace Qt::StringLiterals;
using testsupport::httpsGet;

namespace {

qint64 now() {
    return QDateTime::currentSecsSinceEpoch();
}

QString errorOf(const testsupport::RawReply &reply) {
    return reply.json().value(u"error"_s).toString();
}

testsupport::RawReply withCookie(const GatewayFixture &gw, const QByteArray &value) {
    return httpsGet(gw.gatewayPort(), "/redfish/v1", "Cookie: pm-session=" + value + "\r\n");
}

// A request on a connection that stays open, so that its session stays live.
int held(SessionClient &client, const QByteArray &token) {
    return client.request(
        "GET /redfish/v1 HTTP/1.1\r\nHost: localhost\r\nCookie: pm-session=" + token + "\r\n\r\n");
}

// The one live session's id (empty when there is not exactly one).
QString onlySessionId(const ApiClient &api) {
    const QJsonArray sessions = api.get(u"/api/v1/sessions"_s).json().array();
    return sessions.size() == 1 ? sessions.first().toObject().value(u"id"_s).toString() : QString();
}

// An ES256 key pair made by the openssl command line: PEM files in DIR.
bool makeEcKey(const QTemporaryDir &dir) {
    const QString key = dir.filePath(u"ec.key"_s);
    if (QProcess::execute(u"openssl"_s, {u"ecparam"_s, u"-name"_s, u"prime256v1"_s, u"-genkey"_s,
                                         u"-noout"_s, u"-out"_s, key}) != 0)
        return false;
    return QProcess::execute(u"openssl"_s, {u"ec"_s, u"-in"_s, key, u"-pubout"_s, u"-out"_s,
                                            dir.filePath(u"ec.pub"_s)}) == 0;
}

// The same ECDSA signature with s replaced by n - s: just as valid (OpenSSL accepts both),
// a different token string.
QByteArray malleated(const QByteArray &token) {
    static const QByteArray order =
        QByteArray::fromHex("FFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551");
    const qsizetype dot = token.lastIndexOf('.');
    QByteArray sig = pc::Base64Url::decode(token.mid(dot + 1)).value_or(QByteArray());
    if (sig.size() != 64)
        return {};
    int borrow = 0;
    for (int i = 31; i >= 0; --i) {
        int d = quint8(order[i]) - quint8(sig[32 + i]) - borrow;
        borrow = d < 0 ? 1 : 0;
        sig[32 + i] = char(d & 0xff);
    }
    return token.left(dot + 1) + pc::Base64Url::encode(sig);
}

} // namespace

TEST_CASE("token spelling: whitespace or foreign bytes around a token are refused") {
    GatewayFixture gw;
    REQUIRE(gw.ok());
    const QByteArray token = gw.mint();
    REQUIRE(withCookie(gw, token).status == 200);
    for (const QByteArray &spelling :
         {token + "\xa0", token + "%20", "\xa0" + token, token + "\x85", token + "="}) {
        INFO(spelling.right(3).toHex().toStdString());
        const auto reply = withCookie(gw, spelling);
        CHECK(reply.status == 401);
        CHECK(errorOf(reply) == u"token_malformed"_s);
    }
    for (const QByteArray &encoded : {QByteArray("%C2%A0"), QByteArray("%20"), QByteArray("+"),
                                      QByteArray("%E2%80%A8"), QByteArray("%0A")}) {
        INFO(encoded.toStdString());
        const auto reply = httpsGet(gw.gatewayPort(), "/gpsession?token=" + token + encoded);
        CHECK(reply.status == 401);
        CHECK(reply.headers.value("Set-Cookie").isEmpty());
    }
}

TEST_CASE("token spelling: a killed session does not come back as another spelling") {
    GatewayFixture::Options options;
    options.api = true;
    GatewayFixture gw(options);
    REQUIRE(gw.ok());
    const ApiClient api(gw.apiPort(), gw.apiToken());
    // No jti: the session id comes from the token itself. Its exp has just passed, but the
    // default 30 s leeway keeps it verifiable: the ended session must outlive exp, not be
    // forgotten at it (which a token still inside the leeway would then reopen).
    const qint64 exp = now() - 5;
    const QByteArray token = gw.mint({{u"exp"_s, exp}});
    SessionClient live(gw.gatewayPort());
    REQUIRE(held(live, token) == 200);
    const QString id = onlySessionId(api);
    REQUIRE_FALSE(id.isEmpty());
    REQUIRE(api.del(u"/api/v1/sessions/"_s + id).status / 100 == 2);

    CHECK(errorOf(withCookie(gw, token)) == u"session_ended"_s);
    for (const QByteArray &spelling : {token + "\xa0", token + " ", "\t" + token}) {
        INFO(spelling.toHex().left(8).toStdString());
        CHECK(withCookie(gw, spelling).status == 401);
    }
    const auto relinked = httpsGet(gw.gatewayPort(), "/gpsession?token=" + token + "%C2%A0");
    CHECK(relinked.status == 401);
    // Still refused past exp while the leeway would let the token verify.
    CHECK(errorOf(withCookie(gw, token)) == u"session_ended"_s);
    CHECK(api.get(u"/api/v1/sessions"_s).json().array().isEmpty());
}

TEST_CASE("token spelling: a re-signed ECDSA token (s -> n-s) is the same session") {
    QTemporaryDir keys;
    REQUIRE(makeEcKey(keys));
    GatewayFixture::Options options;
    options.api = true;
    options.config = QJsonObject{
        {u"auth"_s,
         QJsonObject{{u"keys"_s,
                      QJsonArray{QJsonObject{{u"kid"_s, u"ec"_s},
                                             {u"alg"_s, u"ES256"_s},
                                             {u"publicKeyFile"_s, keys.filePath(u"ec.pub"_s)}}}}}}};
    GatewayFixture gw(options);
    REQUIRE(gw.ok());
    const auto key = pc::KeyLoader::loadAnyFile(keys.filePath(u"ec.key"_s));
    REQUIRE(key.hasValue());
    auto claims =
        pc::GpsessionClaims::fromJson({{u"ip"_s, u"127.0.0.1"_s},
                                       {u"port"_s, gw.bmcPort()},
                                       {u"upstream"_s, u"localhost:%1"_s.arg(gw.gatewayPort())},
                                       {u"platform"_s, u"idrac9"_s},
                                       {u"exp"_s, now() + 300}});
    REQUIRE(claims.hasValue());
    const auto token =
        pc::TokenMinter::mint(*claims, key->first(), {pc::JwsAlgorithm::ES256, u"ec"_s});
    REQUIRE(token.hasValue());
    const QByteArray twin = malleated(*token);
    REQUIRE_FALSE(twin.isEmpty());
    REQUIRE(twin != *token);

    const ApiClient api(gw.apiPort(), gw.apiToken());
    SessionClient first(gw.gatewayPort());
    REQUIRE(held(first, *token) == 200);
    const QString id = onlySessionId(api);
    REQUIRE_FALSE(id.isEmpty());
    // Both spellings verify, and they are one session.
    SessionClient second(gw.gatewayPort());
    REQUIRE(held(second, twin) == 200);
    CHECK(onlySessionId(api) == id);
    REQUIRE(api.del(u"/api/v1/sessions/"_s + id).status / 100 == 2);
    CHECK(errorOf(withCookie(gw, twin)) == u"session_ended"_s);
    CHECK(errorOf(withCookie(gw, *token)) == u"session_ended"_s);
}

TEST_CASE("token policy: auth.audience and auth.issuers refuse tokens minted for others") {
    GatewayFixture::Options options;
    options.config = QJsonObject{
        {u"auth"_s, QJsonObject{{u"audience"_s, u"gw1.example.com"_s},
                                {u"issuers"_s, QJsonArray{u"https://platform.example.com"_s}}}}};
    GatewayFixture gw(options);
    REQUIRE(gw.ok());
    const QJsonValue iss = u"https://platform.example.com"_s;
    struct Case {
        QJsonObject claims;
        int status;
        QString error;
    };
    const QList<Case> cases{
        {{}, 403, u"token_wrong_audience"_s}, // the original pmproxy shape
        {{{u"aud"_s, u"gw2.example.com"_s}, {u"iss"_s, iss}}, 403, u"token_wrong_audience"_s},
        {{{u"aud"_s, u"gw1.example.com"_s}}, 403, u"token_wrong_issuer"_s},
        {{{u"aud"_s, u"gw1.example.com"_s}, {u"iss"_s, u"https://evil.example.com"_s}},
         403,
         u"token_wrong_issuer"_s},
        {{{u"aud"_s, u"gw1.example.com"_s}, {u"iss"_s, iss}}, 200, {}},
        {{{u"aud"_s, QJsonArray{u"other"_s, u"gw1.example.com"_s}}, {u"iss"_s, iss}}, 200, {}},
    };
    for (const Case &c : cases) {
        INFO(QJsonDocument(c.claims).toJson(QJsonDocument::Compact).toStdString());
        const auto reply = withCookie(gw, gw.mint(c.claims));
        CHECK(reply.status == c.status);
        if (!c.error.isEmpty())
            CHECK(errorOf(reply) == c.error);
    }
}

TEST_CASE("token policy: an empty auth.issuers list is a configuration error") {
    GatewayFixture::Options options;
    options.config = QJsonObject{{u"auth"_s, QJsonObject{{u"issuers"_s, QJsonArray{}}}}};
    GatewayFixture gw(options);
    CHECK_FALSE(gw.ok());
    CHECK(gw.startupError().contains(u"auth.issuers"_s));
}
