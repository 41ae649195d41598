// The built-in profiles: one per platform, with the rules bmc-quirks.md calls for.
#include "rewrite/platformprofile.h"

#include <catch2/catch.hpp>

using namespace Qt::StringLiterals;
using pc::BodyLiteral;
using pc::Platform;
using pc::PlatformProfile;

TEST_CASE("profiles: each platform has its own profile, named as in the token") {
    const std::pair<Platform, QString> platforms[] = {{Platform::Generic, u"generic"_s},
                                                      {Platform::Idrac8, u"idrac8"_s},
                                                      {Platform::Idrac9, u"idrac9"_s},
                                                      {Platform::Ilo5, u"ilo5"_s},
                                                      {Platform::AsrockRack, u"asrockrack"_s}};
    for (const auto &[platform, name] : platforms) {
        INFO(name.toStdString());
        const PlatformProfile &p = PlatformProfile::forPlatform(platform);
        CHECK(p.platform == platform);
        CHECK(p.name() == name);
        // The basics, everywhere.
        CHECK(p.request.addressBmc);
        CHECK(p.request.forwardedHeaders);
        CHECK(p.request.upgradeConnection == "Upgrade");
        CHECK(p.response.hostOnlyCookies);
        CHECK(p.response.urlHeaders.contains("Location"));
        CHECK(p.response.dropHeaders.contains("Strict-Transport-Security"));
    }
}

TEST_CASE("profiles: platform rules sit where the facts put them") {
    const auto &generic = PlatformProfile::forPlatform(Platform::Generic);
    const auto &idrac8 = PlatformProfile::forPlatform(Platform::Idrac8);
    const auto &idrac9 = PlatformProfile::forPlatform(Platform::Idrac9);
    const auto &ilo5 = PlatformProfile::forPlatform(Platform::Ilo5);
    const auto &asrock = PlatformProfile::forPlatform(Platform::AsrockRack);

    CHECK(idrac9.request.gzipPathPrefixes == QList<QByteArray>{"/restgui/"});
    for (const auto *p : {&generic, &idrac8, &ilo5, &asrock})
        CHECK(p->request.gzipPathPrefixes.isEmpty());

    REQUIRE(ilo5.request.cookieToHeader.size() == 1);
    CHECK(ilo5.request.cookieToHeader.first().cookie == "sessionKey");
    CHECK(ilo5.request.cookieToHeader.first().header == "X-Auth-Token");
    CHECK(ilo5.request.cookieToHeader.first().pathPrefixes ==
          QList<QByteArray>{"/redfish/", "/rest/", "/json/"});
    for (const auto *p : {&generic, &idrac8, &idrac9, &asrock})
        CHECK(p->request.cookieToHeader.isEmpty());

    CHECK(asrock.request.originOnUpgradePrefixes == QList<QByteArray>{"/kvm"});
    for (const auto *p : {&generic, &idrac8, &idrac9, &ilo5})
        CHECK(p->request.originOnUpgradePrefixes.isEmpty());

    CHECK(generic.body.literals.isEmpty());
    CHECK(asrock.body.literals.isEmpty());
    CHECK(idrac9.body.literals.contains(BodyLiteral::ConsoleIpParam));
    CHECK(idrac9.body.literals.contains(BodyLiteral::ConsolePortParam));
    for (const auto *p : {&idrac8, &idrac9, &ilo5}) {
        CHECK(p->body.literals.contains(BodyLiteral::HttpsOrigin));
        CHECK(p->body.literals.contains(BodyLiteral::WssOrigin));
        CHECK(p->body.literals.contains(BodyLiteral::JsonEscapedOrigins));
        CHECK(p->body.contentTypes.contains("text/html"));
        CHECK(p->body.contentTypes.contains("application/json"));
    }
    CHECK_FALSE(idrac8.body.literals.contains(BodyLiteral::ConsoleIpParam));
    CHECK_FALSE(ilo5.body.literals.contains(BodyLiteral::ConsoleIpParam));
}
