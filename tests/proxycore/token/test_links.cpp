// gpsession deep links: the three accepted forms and the refused ones.
#include "token/gpsessionlink.h"
#include "tokentesthelpers.h"

#include <catch2/catch.hpp>

using namespace Qt::StringLiterals;
using namespace tt;

namespace {

const QString kToken = u"eyJhbGciOiJIUzI1NiJ9.eyJleHAiOjF9.c2ln-_0"_s;

pc::Expected<pc::GpsessionLink, pc::TokenError> parse(const QString &text) {
    return pc::GpsessionLink::parse(text);
}

} // namespace

TEST_CASE("token: links in the three forms give the token") {
    auto scheme = parse(u"pmproxy://gpsession?token="_s + kToken);
    REQUIRE(codeOf(scheme) == "ok");
    CHECK(scheme->form == pc::GpsessionLink::Form::Pmproxy);
    CHECK(scheme->token == kToken);

    auto https = parse(u"https://gw1.example.com/gpsession?token="_s + kToken);
    REQUIRE(codeOf(https) == "ok");
    CHECK(https->form == pc::GpsessionLink::Form::Https);
    CHECK(https->token == kToken);
    CHECK(https->gatewayHost == u"gw1.example.com"_s);
    CHECK(https->gatewayPort == 443);

    auto port = parse(u"https://gw1.example.com:8443/gpsession?token="_s + kToken);
    REQUIRE(codeOf(port) == "ok");
    CHECK(port->gatewayPort == 8443);

    auto bare = parse(kToken);
    REQUIRE(codeOf(bare) == "ok");
    CHECK(bare->form == pc::GpsessionLink::Form::Bare);
    CHECK(bare->token == kToken);
}

TEST_CASE("token: links are trimmed and percent-decoded, with tolerated variations") {
    const QString variants[] = {
        u"  pmproxy://gpsession?token="_s + kToken + u" \n"_s,
        u"\t"_s + kToken + u"\r\n"_s,
        u"pmproxy://gpsession/?token="_s + kToken,
        u"PMPROXY://GPSESSION?token="_s + kToken,
        u"pmproxy://gpsession?foo=bar&token="_s + kToken + u"&x=1"_s,
        u"pmproxy://gpsession?token="_s + QString(kToken).replace(u'.', u"%2E"_s),
        u"https://gw1.example.com/gpsession/?token="_s + QString(kToken).replace(u'-', u"%2d"_s),
        u"https://[2001:db8::1]:8443/gpsession?token="_s + kToken + u"#fragment"_s,
    };
    for (const QString &link : variants) {
        INFO(link.toStdString());
        auto parsed = parse(link);
        REQUIRE(codeOf(parsed) == "ok");
        CHECK(parsed->token == kToken);
    }
}

TEST_CASE("token: anything else is not a gpsession link, with a clear message") {
    const QString bad[] = {
        u""_s,
        u"   "_s,
        u"hello world"_s,
        u"eyJhbGciOiJIUzI1NiJ9.eyJleHAiOjF9"_s, // two segments
        u"eyJhbGci.eyJleHAi.c2ln.ZXh0cmE"_s,    // four segments
        u".eyJleHAi.c2ln"_s,                    // empty header
        u"eyJ+bGci.eyJleHAi.c2ln"_s,            // '+' is not base64url
        u"http://gw1.example.com/gpsession?token="_s + kToken,
        u"ftp://gw1.example.com/gpsession?token="_s + kToken,
        u"pmproxy://other?token="_s + kToken,
        u"pmproxy://gpsession"_s,
        u"pmproxy://gpsession?token="_s,
        u"pmproxy://gpsession?tok="_s + kToken,
        u"pmproxy://gpsession?token="_s + kToken + u"&token="_s + kToken,
        u"pmproxy://gpsession?token=not-a-jwt"_s,
        u"pmproxy://gpsession?token=a.b.c%2Bd"_s,
        u"pmproxy://gpsession/extra?token="_s + kToken,
        u"pmproxy://gpsession:99?token="_s + kToken,
        u"pmproxy:gpsession?token="_s + kToken,
        u"https://gw1.example.com/other?token="_s + kToken,
        u"https:///gpsession?token="_s + kToken,
        u"https://user:pw@gw1.example.com/gpsession?token="_s + kToken,
        u"https://gw1.example.com/gpsession?token="_s + kToken + u" x"_s,
    };
    for (const QString &link : bad) {
        INFO(link.toStdString());
        auto parsed = parse(link);
        CHECK(codeOf(parsed) == "bad_link");
    }
    CHECK(messageOf(parse(u"hello"_s)).find("expected pmproxy://gpsession?token=") !=
          std::string::npos);
    CHECK(messageOf(parse(u"http://gw/gpsession?token="_s + kToken)).find("http://") !=
          std::string::npos);
    CHECK(codeOf(parse(QString(pc::GpsessionLink::MaxLinkSize + 1, u'a'))) == "bad_link");
}
