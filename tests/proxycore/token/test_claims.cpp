// gpsession claims: types, values, defaults, hosts and ports.
#include "token/gpsessionclaims.h"
#include "tokentesthelpers.h"

#include <QJsonArray>
#include <catch2/catch.hpp>

using namespace Qt::StringLiterals;
using namespace tt;

namespace {

QJsonObject with(const QString &name, const QJsonValue &value) {
    QJsonObject claims = validClaims(kNow);
    if (value.isUndefined())
        claims.remove(name);
    else
        claims.insert(name, value);
    return claims;
}

std::string parseCode(const QJsonObject &claims) {
    return codeOf(pc::GpsessionClaims::fromJson(claims));
}

} // namespace

TEST_CASE("token: claims are typed, with defaults for port, platform and upstream port") {
    auto c = pc::GpsessionClaims::fromJson(validClaims(kNow));
    REQUIRE(codeOf(c) == "ok");
    CHECK(c->ip == u"10.0.0.5"_s);
    CHECK(c->upstream.host == u"gw1.example.com"_s);
    CHECK(c->upstream.port == 443);
    CHECK(c->port == 443);
    CHECK(c->platform == pc::Platform::Generic);
    CHECK(c->exp == kNow + 300);
    CHECK(c->nbf == kNow);
    CHECK(c->iat == kNow);
    CHECK(c->aud.isEmpty());

    QJsonObject full = validClaims(kNow);
    full.insert(u"port"_s, 8443);
    full.insert(u"platform"_s, u"idrac9"_s);
    full.insert(u"agent"_s, u"site-a"_s);
    full.insert(u"sub"_s, u"tech@example.com"_s);
    full.insert(u"jti"_s, u"t-1"_s);
    full.insert(u"iss"_s, u"backend"_s);
    full.insert(u"aud"_s, QJsonArray{u"gw1"_s, u"gw2"_s});
    full.insert(u"upstream"_s, u"gw1.example.com:9443"_s);
    full.insert(u"custom"_s, u"kept"_s);
    auto f = pc::GpsessionClaims::fromJson(full);
    REQUIRE(codeOf(f) == "ok");
    CHECK(f->port == 8443);
    CHECK(f->platform == pc::Platform::Idrac9);
    CHECK(f->agent == u"site-a"_s);
    CHECK(f->sub == u"tech@example.com"_s);
    CHECK(f->jti == u"t-1"_s);
    CHECK(f->iss == u"backend"_s);
    CHECK(f->aud == QStringList{u"gw1"_s, u"gw2"_s});
    CHECK(f->upstream.port == 9443);
    CHECK(f->raw == full);
    // toJson writes the same claims back (extra claims kept).
    CHECK(f->toJson() == full);
    CHECK(pc::GpsessionClaims::fromJson(with(u"aud"_s, u"gw1"_s))->aud == QStringList{u"gw1"_s});
    // Fractional NumericDates are allowed (RFC 7519 §2) and truncated.
    CHECK(pc::GpsessionClaims::fromJson(with(u"exp"_s, 1700000300.75))->exp == 1700000300);
}

TEST_CASE("token: required claims must be present") {
    CHECK(parseCode(with(u"exp"_s, QJsonValue::Undefined)) == "missing_claim");
    CHECK(parseCode(with(u"ip"_s, QJsonValue::Undefined)) == "missing_claim");
    CHECK(parseCode(with(u"upstream"_s, QJsonValue::Undefined)) == "missing_claim");
    CHECK(parseCode(with(u"ip"_s, u""_s)) == "bad_claim_value");
    CHECK(parseCode(with(u"upstream"_s, u""_s)) == "bad_claim_value");
    // nbf and iat are optional.
    QJsonObject minimal = with(u"nbf"_s, QJsonValue::Undefined);
    minimal.remove(u"iat"_s);
    CHECK(parseCode(minimal) == "ok");
}

TEST_CASE("token: claims of the wrong type are refused") {
    const std::pair<QString, QJsonValue> cases[] = {
        {u"exp"_s, u"1700000300"_s},
        {u"exp"_s, true},
        {u"exp"_s, QJsonValue::Null},
        {u"nbf"_s, u"1700000000"_s},
        {u"iat"_s, QJsonArray{}},
        {u"ip"_s, 10},
        {u"ip"_s, QJsonValue::Null},
        {u"upstream"_s, 443},
        {u"port"_s, u"443"_s},
        {u"platform"_s, 9},
        {u"agent"_s, 1},
        {u"sub"_s, QJsonObject{}},
        {u"jti"_s, false},
        {u"iss"_s, 1},
        {u"aud"_s, 1},
        {u"aud"_s, QJsonArray{u"a"_s, 2}},
    };
    for (const auto &[name, value] : cases) {
        INFO(name.toStdString());
        CHECK(parseCode(with(name, value)) == "bad_claim_type");
    }
}

TEST_CASE("token: claim values are validated") {
    const std::pair<QString, QJsonValue> cases[] = {
        {u"exp"_s, -1},
        {u"exp"_s, 1e300},
        {u"nbf"_s, -5},
        {u"port"_s, 0},
        {u"port"_s, 65536},
        {u"port"_s, 443.5},
        {u"port"_s, -443},
        {u"platform"_s, u"idrac7"_s},
        {u"platform"_s, u"IDRAC9"_s},
        {u"platform"_s, u""_s},
        {u"upstream"_s, u"gw:0"_s},
        {u"upstream"_s, u"gw:65536"_s},
    };
    for (const auto &[name, value] : cases) {
        INFO(name.toStdString());
        CHECK(parseCode(with(name, value)) == "bad_claim_value");
    }
    for (const char *platform : {"idrac8", "idrac9", "ilo5", "asrockrack", "generic"}) {
        auto c = pc::GpsessionClaims::fromJson(with(u"platform"_s, QString::fromLatin1(platform)));
        REQUIRE(codeOf(c) == "ok");
        CHECK(pc::platformName(c->platform) == QString::fromLatin1(platform));
    }
}

TEST_CASE("token: ip is an IPv4 address, an IPv6 address or a plausible host name") {
    for (const char *ip : {"10.0.0.5", "0.0.0.0", "255.255.255.255", "::1", "fe80::1",
                           "2001:db8::8a2e:370:7334", "::ffff:10.0.0.1", "bmc-17.rack4.dc1",
                           "idrac_1.example.com", "localhost", "example.com.", "a", "x1"}) {
        INFO(ip);
        CHECK(parseCode(with(u"ip"_s, QString::fromLatin1(ip))) == "ok");
    }
    for (const char *ip :
         {"999.1.1.1", "10.0.0", "127.1", "010.0.0.1", "0x7f.1", "10.0.0.5:443", "fe80::1%eth0",
          "[::1]", "-bmc.example", "bmc-.example", "a..b", ".a", "http://10.0.0.5", "bmc example",
          "bmc/1", "1.2.3.4.5", "1234", "ünïcode.example",
          "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.com"}) {
        INFO(ip);
        CHECK(parseCode(with(u"ip"_s, QString::fromUtf8(ip))) == "bad_claim_value");
    }
    CHECK(parseCode(with(u"ip"_s, QString(254, u'a'))) == "bad_claim_value");
}

TEST_CASE("token: upstream is host, host:port, [v6] or [v6]:port") {
    struct Case {
        const char *text;
        const char *host;
        quint16 port;
    };
    const Case good[] = {
        {"gw1.example.com", "gw1.example.com", 443},
        {"gw1.example.com:8443", "gw1.example.com", 8443},
        {"10.1.2.3:1", "10.1.2.3", 1},
        {"[2001:db8::1]:9443", "2001:db8::1", 9443},
        {"[::1]", "::1", 443},
        {"2001:db8::1", "2001:db8::1", 443},
        {"gw:65535", "gw", 65535},
    };
    for (const Case &c : good) {
        INFO(c.text);
        auto hp = pc::HostPort::parse(QString::fromLatin1(c.text));
        REQUIRE(codeOf(hp) == "ok");
        CHECK(hp->host == QString::fromLatin1(c.host));
        CHECK(hp->port == c.port);
        // toString round trips.
        auto again = pc::HostPort::parse(hp->toString());
        REQUIRE(codeOf(again) == "ok");
        CHECK(again->host == hp->host);
        CHECK(again->port == hp->port);
    }
    for (const char *text :
         {"gw:", ":443", "gw:0443x", "gw:+443", "[::1", "[::1]x", "[::1]:", "[gw]:443",
          "[10.0.0.1]", "gw:80:90", "gw 1", "https://gw", "gw/x", "gw:99999", "::1:443x", ""}) {
        INFO(text);
        CHECK(codeOf(pc::HostPort::parse(QString::fromLatin1(text))) == "bad_claim_value");
    }
    CHECK(pc::HostPort::sameHost(u"GW1.example.com.", u"gw1.EXAMPLE.com"));
    CHECK(pc::HostPort::sameHost(u"2001:db8::1", u"2001:DB8:0::1"));
    CHECK_FALSE(pc::HostPort::sameHost(u"gw1.example.com", u"gw2.example.com"));
}
