// targets.allow matching and pinned fingerprints.
#include "config/subnet.h"
#include "config/targetpolicy.h"
#include "configfixture.h"

#include <QNetworkInterface>

using namespace Qt::StringLiterals;
using gw::GatewayConfig;
using gw::Subnet;
using gw::TargetPolicy;

namespace {

GatewayConfig::Targets targets(const QStringList &allow) {
    GatewayConfig::Targets t;
    for (const QString &text : allow) {
        const auto subnet = Subnet::parse(text);
        REQUIRE(subnet.hasValue());
        t.allow << *subnet;
    }
    return t;
}

bool allowed(const TargetPolicy &policy, const QString &address) {
    return policy.isAllowed(QHostAddress(address));
}

} // namespace

TEST_CASE("IPv4 networks") {
    const TargetPolicy policy(targets({u"10.0.0.0/8"_s, u"192.168.4.0/22"_s}));
    CHECK(allowed(policy, u"10.0.0.0"_s));
    CHECK(allowed(policy, u"10.255.255.255"_s));
    CHECK_FALSE(allowed(policy, u"11.0.0.0"_s));
    CHECK_FALSE(allowed(policy, u"9.255.255.255"_s));
    CHECK(allowed(policy, u"192.168.7.1"_s));
    CHECK_FALSE(allowed(policy, u"192.168.8.1"_s));
    CHECK_FALSE(allowed(policy, u"192.168.3.255"_s));
    CHECK_FALSE(allowed(policy, u"127.0.0.1"_s));
    // IPv4-mapped IPv6 is the IPv4 address it carries.
    CHECK(allowed(policy, u"::ffff:10.1.2.3"_s));
    CHECK_FALSE(allowed(policy, u"::ffff:127.0.0.1"_s));
    // An IPv6 address that is not mapped does not match an IPv4 network.
    CHECK_FALSE(allowed(policy, u"::a00:1"_s));
}

TEST_CASE("IPv6 networks") {
    const TargetPolicy policy(targets({u"fd00::/8"_s, u"2001:db8:1::/48"_s}));
    CHECK(allowed(policy, u"fd12:3456::1"_s));
    CHECK(allowed(policy, u"2001:db8:1:ffff::1"_s));
    CHECK_FALSE(allowed(policy, u"2001:db8:2::1"_s));
    CHECK_FALSE(allowed(policy, u"fe80::1"_s));
    CHECK_FALSE(allowed(policy, u"::1"_s));
    CHECK_FALSE(allowed(policy, u"10.0.0.1"_s));
}

TEST_CASE("a bare address is a /32 or /128") {
    const TargetPolicy policy(targets({u"192.168.1.7"_s, u"2001:db8::7"_s}));
    CHECK(allowed(policy, u"192.168.1.7"_s));
    CHECK_FALSE(allowed(policy, u"192.168.1.6"_s));
    CHECK_FALSE(allowed(policy, u"192.168.1.8"_s));
    CHECK(allowed(policy, u"2001:db8::7"_s));
    CHECK_FALSE(allowed(policy, u"2001:db8::6"_s));
    CHECK_FALSE(allowed(policy, u"2001:db8::8"_s));
}

TEST_CASE("unspecified, multicast and broadcast are refused even inside allow") {
    const TargetPolicy policy(targets({u"0.0.0.0/0"_s, u"::/0"_s}));
    CHECK(allowed(policy, u"8.8.8.8"_s));
    CHECK(allowed(policy, u"2001:db8::1"_s));
    CHECK_FALSE(allowed(policy, u"0.0.0.0"_s));
    CHECK_FALSE(allowed(policy, u"::"_s));
    CHECK_FALSE(allowed(policy, u"::ffff:0.0.0.0"_s));
    CHECK_FALSE(allowed(policy, u"224.0.0.1"_s));
    CHECK_FALSE(allowed(policy, u"ff02::1"_s));
    CHECK_FALSE(allowed(policy, u"255.255.255.255"_s));
    CHECK_FALSE(policy.isAllowed(QHostAddress()));
    // An empty allow list refuses everything.
    CHECK_FALSE(allowed(TargetPolicy(targets({})), u"10.0.0.1"_s));
}

TEST_CASE("pins: ip:port wins over ip, and the TLS check follows") {
    GatewayConfig::Targets t = targets({u"10.0.0.0/8"_s});
    const auto hp = [](const QString &text) {
        return *gw::HostPort::parse(text, gw::HostPort::Port::Optional);
    };
    const QByteArray a(32, 'a'), b(32, 'b');
    t.pins << GatewayConfig::TargetPin{hp(u"10.0.0.5"_s), a}
           << GatewayConfig::TargetPin{hp(u"10.0.0.5:8443"_s), b};

    TargetPolicy policy(t);
    CHECK(policy.pinFor(QHostAddress(u"10.0.0.5"_s), 443) == a);
    CHECK(policy.pinFor(QHostAddress(u"10.0.0.5"_s), 8443) == b);
    CHECK(policy.pinFor(QHostAddress(u"::ffff:10.0.0.5"_s), 8443) == b);
    CHECK_FALSE(policy.pinFor(QHostAddress(u"10.0.0.6"_s), 443).has_value());
    CHECK(policy.tlsCheckFor(QHostAddress(u"10.0.0.5"_s), 443) == TargetPolicy::TlsCheck::Pinned);
    CHECK(policy.tlsCheckFor(QHostAddress(u"10.0.0.6"_s), 443) == TargetPolicy::TlsCheck::None);

    t.verifyTls = true;
    policy = TargetPolicy(t);
    CHECK(policy.tlsCheckFor(QHostAddress(u"10.0.0.6"_s), 443) ==
          TargetPolicy::TlsCheck::SystemTrust);
    CHECK(policy.tlsCheckFor(QHostAddress(u"10.0.0.5"_s), 443) == TargetPolicy::TlsCheck::Pinned);
}

TEST_CASE("loopback, link-local and own addresses need an entry that names them") {
    // A broad allow list (the whole internet, or the private range the gateway itself
    // sits in) must not open the gateway's own services, cloud metadata (169.254.169.254)
    // or link-local neighbours by accident.
    const QList<QHostAddress> own{QHostAddress(u"10.1.2.3"_s), QHostAddress(u"2001:db8::5"_s),
                                  QHostAddress(u"127.0.0.1"_s)};
    const TargetPolicy broad(targets({u"0.0.0.0/0"_s, u"::/0"_s}), own);
    for (const QString &refused :
         {u"127.0.0.1"_s, u"127.8.9.10"_s, u"::1"_s, u"::ffff:127.0.0.1"_s, u"169.254.169.254"_s,
          u"169.254.0.1"_s, u"fe80::1"_s, u"febf::1"_s, u"::ffff:169.254.169.254"_s, u"10.1.2.3"_s,
          u"::ffff:10.1.2.3"_s, u"2001:db8::5"_s, u"0.1.2.3"_s}) {
        INFO(refused.toStdString());
        CHECK_FALSE(allowed(broad, refused));
    }
    for (const QString &ok : {u"10.1.2.4"_s, u"8.8.8.8"_s, u"2001:db8::6"_s, u"fec0::1"_s,
                              u"169.255.0.1"_s, u"128.0.0.1"_s}) {
        INFO(ok.toStdString());
        CHECK(allowed(broad, ok));
    }
    // The private range the gateway sits in: its own address stays refused.
    const TargetPolicy site(targets({u"10.0.0.0/8"_s}), own);
    CHECK(allowed(site, u"10.1.2.4"_s));
    CHECK_FALSE(allowed(site, u"10.1.2.3"_s));

    // Named explicitly: an entry wholly inside loopback / link-local, or the own address
    // itself.
    const TargetPolicy explicitly(targets({u"0.0.0.0/0"_s, u"127.0.0.0/8"_s, u"169.254.10.0/24"_s,
                                           u"fe80::/64"_s, u"10.1.2.3/32"_s}),
                                  own);
    CHECK(allowed(explicitly, u"127.0.0.1"_s));
    CHECK(allowed(explicitly, u"::ffff:127.0.0.1"_s));
    CHECK(allowed(explicitly, u"169.254.10.20"_s));
    CHECK_FALSE(allowed(explicitly, u"169.254.169.254"_s));
    CHECK(allowed(explicitly, u"fe80::1"_s));
    CHECK_FALSE(allowed(explicitly, u"fe80:0:0:1::1"_s));
    CHECK(allowed(explicitly, u"10.1.2.3"_s));
    CHECK_FALSE(allowed(explicitly, u"::1"_s)); // 127.0.0.0/8 does not name ::1
    // A wider entry that merely contains the range does not name it.
    CHECK_FALSE(
        allowed(TargetPolicy(targets({u"126.0.0.0/7"_s, u"169.0.0.0/8"_s}), own), u"127.0.0.1"_s));
    CHECK_FALSE(allowed(TargetPolicy(targets({u"10.1.2.0/24"_s}), own), u"10.1.2.3"_s));
}

TEST_CASE("this host's interface addresses are guarded") {
    const TargetPolicy policy = TargetPolicy::forThisHost(targets({u"0.0.0.0/0"_s, u"::/0"_s}));
    for (const QHostAddress &address : QNetworkInterface::allAddresses()) {
        INFO(address.toString().toStdString());
        CHECK_FALSE(policy.isAllowed(address));
    }
}
