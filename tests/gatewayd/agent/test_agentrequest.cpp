// What the agent reads from a CONNECT stream's head (docs/agents-protocol.md, "Streams"),
// in-process: targets, TLS policies, deadlines and the published service.
#include "agent/agentconnectrequest.h"
#include "agent/agentoptions.h"
#include "http/httprequesthead.h"

#include <catch2/catch.hpp>

using namespace Qt::StringLiterals;
using gw::AgentConnectRequest;

namespace {

pc::HttpRequestHead connect(const QByteArray &target, const QByteArray &tls = {},
                            const QByteArray &timeout = {}) {
    pc::HttpRequestHead head;
    head.method = "CONNECT";
    head.target = target;
    if (!tls.isEmpty())
        head.headers.append("Pm-Tls", tls);
    if (!timeout.isEmpty())
        head.headers.append("Pm-Connect-Timeout-Ms", timeout);
    return head;
}

gw::AgentOptions withPublish(const QString &url) {
    gw::AgentOptions options;
    options.publish = QUrl(url);
    return options;
}

} // namespace

TEST_CASE("agent request: targets, IPv6 included, and the TLS policies") {
    const gw::AgentOptions options;
    auto v6 = AgentConnectRequest::parse(connect("[fd00::5]:8443", "system"), options);
    REQUIRE(v6.hasValue());
    CHECK(v6->host == u"fd00::5"_s);
    CHECK(v6->port == 8443);
    CHECK(v6->tls.mode == pc::UpstreamTls::Mode::SystemTrust);
    CHECK_FALSE(v6->plain);
    CHECK_FALSE(v6->published);

    const QByteArray hex = "00112233445566778899AABBCCDDEEFF00112233445566778899aabbccddeeff";
    auto pinned = AgentConnectRequest::parse(connect("bmc.site:443", "pin-sha256=" + hex), options);
    REQUIRE(pinned.hasValue());
    CHECK(pinned->host == u"bmc.site"_s);
    CHECK(pinned->tls.mode == pc::UpstreamTls::Mode::Pinned);
    CHECK(pinned->tls.sha256 == QByteArray::fromHex(hex));

    auto plain = AgentConnectRequest::parse(connect("10.0.0.5:80", "plain"), options);
    REQUIRE(plain.hasValue());
    CHECK(plain->plain);
    auto none = AgentConnectRequest::parse(connect("10.0.0.5:443"), options);
    REQUIRE(none.hasValue());
    CHECK(none->tls.mode == pc::UpstreamTls::Mode::None);

    for (const QByteArray &bad :
         {QByteArray("pin-sha256=abc"), QByteArray("pin-sha256=") + QByteArray(64, 'g'),
          QByteArray("NONE"), QByteArray("tls")}) {
        INFO(bad.toStdString());
        auto refused = AgentConnectRequest::parse(connect("10.0.0.5:443", bad), options);
        REQUIRE_FALSE(refused.hasValue());
        CHECK(refused.error().status == 400);
        CHECK(refused.error().error == "bad_request");
    }
    for (const QByteArray &bad :
         {QByteArray("10.0.0.5"), QByteArray("10.0.0.5:0"), QByteArray("10.0.0.5:70000"),
          QByteArray("fd00::5:443"), QByteArray("/redfish/v1"), QByteArray("a b:443")}) {
        INFO(bad.toStdString());
        auto refused = AgentConnectRequest::parse(connect(bad), options);
        REQUIRE_FALSE(refused.hasValue());
        CHECK(refused.error().status == 400);
    }
    pc::HttpRequestHead get = connect("10.0.0.5:443");
    get.method = "GET";
    CHECK_FALSE(AgentConnectRequest::parse(get, options).hasValue());
}

TEST_CASE("agent request: the deadline is the gateway's minus a margin") {
    const gw::AgentOptions options;
    auto deadline = [&](const QByteArray &value) {
        auto request = AgentConnectRequest::parse(connect("10.0.0.5:443", {}, value), options);
        return request.hasValue() ? request->timeoutMs : -1;
    };
    CHECK(deadline({}) == AgentConnectRequest::kDefaultTimeoutMs);
    CHECK(deadline("10000") == 9700);
    CHECK(deadline("1500") == 1200);
    CHECK(deadline("400") == 200); // half of a very short one
    for (const QByteArray &bad :
         {QByteArray("0"), QByteArray("-5"), QByteArray("soon"), QByteArray("600001")})
        CHECK(deadline(bad) == -1);
}

TEST_CASE("agent request: 'published' follows the --publish URL, or is 404 without one") {
    auto none = AgentConnectRequest::parse(connect("published"), gw::AgentOptions());
    REQUIRE_FALSE(none.hasValue());
    CHECK(none.error().status == 404);
    CHECK(none.error().error == "agent_no_publish");

    auto http = AgentConnectRequest::parse(connect("published", "system"),
                                           withPublish(u"http://10.0.0.9/app/"_s));
    REQUIRE(http.hasValue());
    CHECK(http->published);
    CHECK(http->host == u"10.0.0.9"_s);
    CHECK(http->port == 80);
    CHECK(http->plain); // the URL decides, not Pm-Tls

    auto https =
        AgentConnectRequest::parse(connect("published"), withPublish(u"https://svc.site:8443/"_s));
    REQUIRE(https.hasValue());
    CHECK(https->host == u"svc.site"_s);
    CHECK(https->port == 8443);
    CHECK_FALSE(https->plain);
    CHECK(https->tls.mode == pc::UpstreamTls::Mode::None);
}

TEST_CASE("agent options: --allow matches IPv4-mapped IPv6 as IPv4") {
    auto options = gw::AgentOptions();
    options.allow.append(*gw::Subnet::parse(u"10.20.0.0/16"_s));
    CHECK(options.allows(QHostAddress(u"10.20.1.5"_s)));
    CHECK(options.allows(QHostAddress(u"::ffff:10.20.1.5"_s)));
    CHECK_FALSE(options.allows(QHostAddress(u"10.21.0.1"_s)));
    CHECK_FALSE(options.allows(QHostAddress(u"fd00::1"_s)));
}
