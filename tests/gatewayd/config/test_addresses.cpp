// Strict parsing of IP literals, host:port and CIDR.
#include "config/hostport.h"
#include "config/ipliteral.h"
#include "config/subnet.h"
#include "configfixture.h"

using namespace Qt::StringLiterals;
using gw::HostPort;
using gw::IpLiteral;
using gw::Subnet;

TEST_CASE("IP literals are strict: no inet_aton shorthand, octal or blanks") {
    for (const QString &good : {u"10.0.0.1"_s, u"0.0.0.0"_s, u"255.255.255.255"_s, u"::1"_s,
                                u"fd00::1"_s, u"::ffff:10.0.0.1"_s, u"fe80::1%eth0"_s}) {
        INFO(good.toStdString());
        CHECK(IpLiteral::parse(good).has_value());
    }
    for (const QString &bad :
         {u"10.1"_s, u"1.2.3"_s, u"010.0.0.1"_s, u"0x7f.0.0.1"_s, u"256.0.0.1"_s, u" 10.0.0.1"_s,
          u"10.0.0.1 "_s, u"host"_s, u""_s, u"1.2.3.4.5"_s, u"::g"_s, u"2130706433"_s,
          u"fe80::1%"_s, u"::ffff:010.0.0.1"_s, u"[::1]"_s}) {
        INFO(bad.toStdString());
        CHECK_FALSE(IpLiteral::parse(bad).has_value());
    }
    CHECK(*IpLiteral::parse(u"10.0.0.1"_s) == QHostAddress(u"10.0.0.1"_s));
}

TEST_CASE("HostPort parses and prints both families") {
    auto hp = HostPort::parse(u"[::1]:8443"_s, HostPort::Port::Required);
    REQUIRE(hp.hasValue());
    CHECK(hp->address == QHostAddress(QHostAddress::LocalHostIPv6));
    CHECK(hp->port == 8443);
    CHECK(hp->toString() == u"[::1]:8443"_s);

    hp = HostPort::parse(u"192.0.2.1:0"_s, HostPort::Port::Required);
    REQUIRE(hp.hasValue());
    CHECK(hp->port == 0);
    CHECK(hp->toString() == u"192.0.2.1:0"_s);

    hp = HostPort::parse(u"fd00:0:0::5"_s, HostPort::Port::Optional);
    REQUIRE(hp.hasValue());
    CHECK_FALSE(hp->port.has_value());
    CHECK(hp->toString() == u"fd00::5"_s);

    CHECK_FALSE(HostPort::parse(u"192.0.2.1"_s, HostPort::Port::Required).hasValue());
    CHECK(HostPort::parse(u"192.0.2.1"_s, HostPort::Port::Optional).hasValue());
    CHECK_FALSE(HostPort::parse(u"[::1]x"_s, HostPort::Port::Optional).hasValue());
    CHECK_FALSE(HostPort::parse(u"1.2.3.4:080000"_s, HostPort::Port::Optional).hasValue());
    CHECK_FALSE(HostPort::parse(u"1.2.3.4:65536"_s, HostPort::Port::Optional).hasValue());
    CHECK(HostPort::parse(u"1.2.3.4:65535"_s, HostPort::Port::Optional)->port == 65535);
}

TEST_CASE("Subnet: CIDR, bare addresses, host bits") {
    auto s = Subnet::parse(u"10.0.0.0/8"_s);
    REQUIRE(s.hasValue());
    CHECK(s->prefixLength == 8);
    CHECK(s->toString() == u"10.0.0.0/8"_s);

    s = Subnet::parse(u"192.168.1.7"_s);
    REQUIRE(s.hasValue());
    CHECK(s->prefixLength == 32);

    s = Subnet::parse(u"2001:db8::1"_s);
    REQUIRE(s.hasValue());
    CHECK(s->prefixLength == 128);

    s = Subnet::parse(u"0.0.0.0/0"_s);
    REQUIRE(s.hasValue());
    CHECK(s->prefixLength == 0);

    const Subnet ten = *Subnet::parse(u"10.0.0.0/8"_s);
    CHECK(ten.contains(QHostAddress(u"10.9.8.7"_s)));
    CHECK(ten.contains(QHostAddress(u"::ffff:10.9.8.7"_s)));
    CHECK_FALSE(ten.contains(QHostAddress(u"::ffff:11.9.8.7"_s)));
    CHECK_FALSE(ten.contains(QHostAddress(u"::a09:807"_s)));

    CHECK_FALSE(Subnet::parse(u"2001:db8::1/64"_s).hasValue());
    CHECK_FALSE(Subnet::parse(u"fe80::%eth0/64"_s).hasValue());
    CHECK_FALSE(Subnet::parse(u"10.0.0.0/8/8"_s).hasValue());
    CHECK_FALSE(Subnet::parse(u"10.0.0.0/+8"_s).hasValue());
}
