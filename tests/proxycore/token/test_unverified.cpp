// The app reads a token's claims without a key (to know the gateway, the BMC and the
// expiry); the same shape, base64url, JSON and claim checks apply, never a signature's.
#include "token/base64url.h"
#include "token/keyloader.h"
#include "token/tokenminter.h"
#include "token/unverifiedclaims.h"

#include <catch2/catch.hpp>

using namespace Qt::StringLiterals;

namespace {

QByteArray segment(const QByteArray &json) {
    return pc::Base64Url::encode(json);
}

QByteArray unsignedToken(const QByteArray &payloadJson) {
    return segment(R"({"alg":"HS256"})") + '.' + segment(payloadJson) + ".c2ln";
}

} // namespace

TEST_CASE("unverified claims: a minted token's claims read back without the key") {
    auto claims = pc::GpsessionClaims::fromJson({{u"ip"_s, u"10.1.2.3"_s},
                                                 {u"upstream"_s, u"gw1.example.com:8443"_s},
                                                 {u"platform"_s, u"ilo5"_s},
                                                 {u"port"_s, 8443},
                                                 {u"exp"_s, 2000000000},
                                                 {u"sub"_s, u"t"_s}});
    REQUIRE(claims);
    auto key = pc::KeyLoader::secretFromContent("0123456789abcdef0123456789abcdef");
    REQUIRE(key);
    auto token = pc::TokenMinter::mint(*claims, *key);
    REQUIRE(token);
    auto read = pc::UnverifiedClaims::read(*token);
    REQUIRE(read);
    CHECK(read->ip == u"10.1.2.3"_s);
    CHECK(read->upstream.toString() == u"gw1.example.com:8443"_s);
    CHECK(read->platform == pc::Platform::Ilo5);
    CHECK(read->port == 8443);
    CHECK(read->exp == 2000000000);
}

TEST_CASE("unverified claims: bad tokens are refused with the verifier's codes") {
    CHECK(pc::UnverifiedClaims::read("not a token").error().code() == u"malformed"_s);
    CHECK(pc::UnverifiedClaims::read(unsignedToken("[1]")).error().code() == u"bad_json"_s);
    CHECK(pc::UnverifiedClaims::read(unsignedToken(R"({"exp":1,"exp":2})")).error().code() ==
          u"duplicate_member"_s);
    CHECK(pc::UnverifiedClaims::read(unsignedToken(R"({"exp":"soon","ip":"1.2.3.4",)"
                                                   R"("upstream":"gw"})"))
              .error()
              .code() == u"bad_claim_type"_s);
    CHECK(pc::UnverifiedClaims::read(unsignedToken(R"({"exp":2000000000})")).error().code() ==
          u"missing_claim"_s);
    CHECK(pc::UnverifiedClaims::read(QByteArray(20000, 'a')).error().code() == u"too_large"_s);
}
