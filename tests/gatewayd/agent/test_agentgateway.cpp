// `gatewayd agent` and a real gatewayd together: a token naming the agent is served
// through it, and the agent's own --allow refusal reaches the user as the agent said it.
#include "agentprocess.h"
#include "apiclient.h"
#include "gatewayfixture.h"
#include "httpsclient.h"
#include "waitfor.h"

#include <QFile>
#include <QJsonArray>
#include <QTemporaryDir>
#include <catch2/catch.hpp>

using namespace agenttest;
using namespace Qt::StringLiterals;
using testsupport::httpsGet;
using testsupport::waitFor;

namespace {

const QByteArray kSecret = "site-a-secret-0123456789abcdef";

QString writeFile(const QTemporaryDir &dir, const QString &name, const QByteArray &content) {
    QFile f(dir.filePath(name));
    if (!f.open(QIODevice::WriteOnly) || f.write(content) != content.size())
        return {};
    return f.fileName();
}

// A gateway that knows agent "site-a", and that agent dialing it with ALLOW.
struct AgentAndGateway {
    explicit AgentAndGateway(const QString &allow) {
        const QString secretFile = writeFile(dir, u"site-a.secret"_s, kSecret + '\n');
        GatewayFixture::Options options;
        options.platform = u"generic"_s;
        options.api = true;
        options.config = QJsonObject{
            {u"agents"_s,
             QJsonArray{QJsonObject{{u"id"_s, u"site-a"_s}, {u"secretFile"_s, secretFile}}}}};
        gw = std::make_unique<GatewayFixture>(options);
        REQUIRE(gw->ok());
        const QString ca = writeFile(dir, u"gateway.pem"_s, gw->certificate().toPem());
        agent = std::make_unique<AgentProcess>(QStringList{
            u"--gateway"_s, u"wss://127.0.0.1:%1"_s.arg(gw->gatewayPort()), u"--id"_s, u"site-a"_s,
            u"--secret-file"_s, secretFile, u"--ca"_s, ca, u"--allow"_s, allow});
        REQUIRE(agent->started());
    }

    // A request for the BMC with a token naming the agent, once the agent is connected.
    testsupport::RawReply getThroughAgent() {
        const QByteArray cookie =
            GatewayFixture::cookieHeader(gw->mint({{u"agent"_s, u"site-a"_s}}));
        testsupport::RawReply reply;
        waitFor(
            [&] {
                reply = httpsGet(gw->gatewayPort(), "/redfish/v1", cookie);
                return reply.json().value(u"error"_s).toString() != u"agent_unavailable"_s;
            },
            15000);
        return reply;
    }

    QTemporaryDir dir;
    std::unique_ptr<GatewayFixture> gw;
    std::unique_ptr<AgentProcess> agent;
};

} // namespace

TEST_CASE("agent + gatewayd: a token naming the agent reaches the BMC through it") {
    AgentAndGateway site(u"127.0.0.1/32"_s);
    const auto reply = site.getThroughAgent();
    CHECK(reply.status == 200);
    CHECK(reply.body.contains("\"RedfishVersion\""));
    CHECK(site.agent->log().contains("connected to wss://127.0.0.1:"));
}

TEST_CASE("agent + gatewayd: a BMC outside the agent's --allow is refused by the agent") {
    AgentAndGateway site(u"10.0.0.0/8"_s);
    const auto reply = site.getThroughAgent();
    CHECK(reply.status == 403);
    CHECK(reply.json().value(u"error"_s).toString() == u"agent_refused"_s);
    CHECK(reply.json().value(u"detail"_s).toString().contains(u"127.0.0.1"_s));
}
