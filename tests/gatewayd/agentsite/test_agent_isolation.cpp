// The agent tests' ground truth (issue 10): the site's BMC answers inside its network
// namespace, and gatewayd, in the host's, cannot reach it on its own: a token without
// an agent gets 502 naming the address. And a site leaves nothing behind, even when the
// test that made it fails half-way.
#include "agentsite.h"
#include "httpsclient.h"
#include "processgroup.h"

#include <QFileInfo>
#include <QProcess>
#include <catch2/catch.hpp>
#include <stdexcept>

using namespace Qt::StringLiterals;

namespace {

QString ipOutput(const QStringList &args) {
    QProcess p;
    p.start(u"/usr/sbin/ip"_s, args);
    p.waitForFinished(15000);
    return QString::fromLocal8Bit(p.readAllStandardOutput());
}

} // namespace

TEST_CASE("agent site: the BMC answers inside the site, gatewayd cannot reach it without an agent",
          "[agent]") {
    SKIP_WITHOUT_NETNS();
    AgentSite::Options options;
    options.startAgent = false;
    AgentSite world(options);
    REQUIRE_AGENT_SITE(world);
    NetnsSite &site = world.site();

    // curl inside the site reaches the BMC.
    const int curl =
        site.start(u"/usr/bin/curl"_s,
                   {u"-sk"_s, u"-o"_s, u"/dev/null"_s, u"-w"_s, u"%{http_code}"_s,
                    u"https://%1:%2/redfish/v1"_s.arg(site.bmcAddress()).arg(world.bmcPort())});
    REQUIRE(curl >= 0);
    REQUIRE(site.process(curl).waitForFinished(15000));
    CHECK(site.process(curl).readAllStandardOutput() == "200");

    // gatewayd, in the host's namespace, does not.
    const auto reply =
        testsupport::httpsGet(world.gw().gatewayPort(), "/redfish/v1",
                              GatewayFixture::cookieHeader(world.mintWithoutAgent()));
    INFO(reply.body.toStdString());
    CHECK(reply.status == 502);
    CHECK(reply.json().value(u"detail"_s).toString().contains(site.bmcAddress()));
}

TEST_CASE("agent site: sites get their own subnets and leave nothing behind, even on failure",
          "[agent]") {
    SKIP_WITHOUT_NETNS();
    QString name, interface, network;
    qint64 group = 0;
    try {
        NetnsSite site;
        INFO(site.error().toStdString());
        REQUIRE(site.ok());
        NetnsSite other;
        INFO(other.error().toStdString());
        REQUIRE(other.ok());
        CHECK(other.hostAddress() != site.hostAddress());
        CHECK(other.bmcAddress() != site.bmcAddress());
        name = site.name();
        interface = site.hostInterface();
        network = site.bmcNetwork();
        REQUIRE(site.startBmc(u"generic"_s) != 0);
        group = site.pid(site.bmcHandle());
        CHECK(ipOutput({u"netns"_s, u"list"_s}).contains(name));
        CHECK(ipOutput({u"-br"_s, u"addr"_s, u"show"_s, interface}).contains(site.hostAddress()));
        CHECK(ipOutput({u"route"_s, u"show"_s, network}).contains(u"unreachable"_s));
        throw std::runtime_error("a test failing half-way");
    } catch (const std::runtime_error &) {
    }
    REQUIRE_FALSE(name.isEmpty());
    CHECK_FALSE(ipOutput({u"netns"_s, u"list"_s}).contains(name));
    CHECK(ipOutput({u"link"_s, u"show"_s, interface}).isEmpty());
    CHECK(ipOutput({u"route"_s, u"show"_s, network}).isEmpty());
    CHECK(testsupport::livingInGroup(group) == 0);
}
