// The data the emulator is built on: test pattern, virtual-media bytes, addresses,
// certificates, rules.

#include "bmcsim/bmcaddress.h"
#include "bmcsim/platformrules.h"
#include "bmcsim/selfsignedcertificate.h"
#include "bmcsim/testpattern.h"
#include "bmcsim/vmediapattern.h"

#include <QSslCertificateExtension>
#include <catch2/catch.hpp>

using namespace Qt::StringLiterals;
using namespace bmcsim;

TEST_CASE("test pattern frames verify and differ from frame to frame", "[bmcsim][pattern]") {
    const QByteArray f0 = pattern::frame(0);
    const QByteArray f1 = pattern::frame(1);
    REQUIRE(f0.size() == pattern::kHeaderSize + 64 * 48 * 3);
    CHECK(pattern::verifyFrame(f0) == 0u);
    CHECK(pattern::verifyFrame(f1) == 1u);
    CHECK(f0 != f1);
    CHECK(pattern::pixel(0, 0, 0) == pattern::Rgb{255, 255, 255});
    CHECK(pattern::pixel(8, 0, 0) == pattern::Rgb{255, 255, 0});
    CHECK(pattern::pixel(7, 0, 1) == pattern::Rgb{255, 255, 0}); // bars scroll left

    QByteArray damaged = f1;
    damaged[pattern::kHeaderSize + 100] = char(damaged[pattern::kHeaderSize + 100] ^ 1);
    CHECK_FALSE(pattern::verifyFrame(damaged));
    CHECK_FALSE(pattern::verifyFrame(f1.left(f1.size() - 1)));
    CHECK_FALSE(pattern::verifyFrame(QByteArray("\x02xyz")));
}

TEST_CASE("input events are echoed, other messages are not", "[bmcsim][pattern]") {
    CHECK(pattern::echoFor(QByteArray("\x02Ka")) == QByteArray("\x03Ka"));
    CHECK_FALSE(pattern::echoFor(QByteArray("\xf7\x00\xf6")));
    CHECK_FALSE(pattern::echoFor(QByteArray()));
}

TEST_CASE("virtual-media bytes do not depend on how they are cut", "[bmcsim][vmedia]") {
    QByteArray whole(1000, '\0');
    vmedia::fill(0, whole.data(), whole.size());
    QByteArray pieces(1000, '\0');
    for (qint64 at = 0; at < 1000; at += 7)
        vmedia::fill(quint64(at), pieces.data() + at, qMin<qint64>(7, 1000 - at));
    CHECK(whole == pieces);
    // Not periodic over short spans: a shifted copy differs.
    CHECK(whole.mid(0, 256) != whole.mid(256, 256));
}

TEST_CASE("BMC addresses parse and print like a browser's Host header", "[bmcsim][address]") {
    const auto a = BmcAddress::parse(u"10.0.0.5"_s);
    REQUIRE(a);
    CHECK(a->port() == 443);
    CHECK(a->authority() == u"10.0.0.5"_s);
    CHECK(a->origin() == u"https://10.0.0.5"_s);

    const auto b = BmcAddress::parse(u"bmc.example:8443"_s);
    REQUIRE(b);
    CHECK(b->authority() == u"bmc.example:8443"_s);

    const auto c = BmcAddress::parse(u"[fd00::5]:444"_s);
    REQUIRE(c);
    CHECK(c->host() == u"[fd00::5]"_s);
    CHECK(c->origin() == u"https://[fd00::5]:444"_s);

    CHECK_FALSE(BmcAddress::parse(u""_s));
    CHECK_FALSE(BmcAddress::parse(u"a/b"_s));
    CHECK(BmcAddress::fromListen(QHostAddress(QHostAddress::Any), 4443).authority() ==
          u"127.0.0.1:4443"_s);
}

TEST_CASE("a generated certificate names its hosts and matches its key", "[bmcsim][cert]") {
    const auto id = SelfSignedCertificate::generate({u"127.0.0.1"_s, u"localhost"_s});
    REQUIRE(id);
    CHECK_FALSE(id->certificate.isNull());
    CHECK(id->certificate.isSelfSigned());
    CHECK(id->key.algorithm() == QSsl::Ec);
    CHECK(id->key.type() == QSsl::PrivateKey); // that it pairs with the certificate: every TLS test
    const auto names = id->certificate.subjectAlternativeNames();
    CHECK(names.values(QSsl::IpAddressEntry).contains(u"127.0.0.1"_s));
    CHECK(names.values(QSsl::DnsEntry).contains(u"localhost"_s));
}

TEST_CASE("every platform has a distinct session cookie rule and console path", "[bmcsim][rules]") {
    CHECK(rulesFor(Platform::Idrac9).gzipOnlyPrefix == "/restgui/");
    CHECK(rulesFor(Platform::Ilo5).upgradeNeedsExactConnectionUpgrade);
    CHECK(rulesFor(Platform::AsrockRack).upgradeNeedsOrigin);
    CHECK(rulesFor(Platform::Generic).consolePath == "/kvm/0");
    CHECK(rulesFor(Platform::Idrac8).sessionCookie == "-http-session-");
}
