// Issue 10: the gateway refuses an agent's connection whose proof is wrong, each for its
// own reason (docs/agents-protocol.md, "Connection"), counted in /metrics as
// gatewayd_agent_refusals_total{reason}: the real agent with a wrong secret or an unknown
// id, and proofs made here with pc::AgentProof that the real agent never sends (a nonce
// used twice, a clock two minutes off, a malformed header).
#include "agent/agentproof.h"
#include "agentsite.h"
#include "agentupgrade.h"
#include "waitfor.h"

#include <QDateTime>
#include <catch2/catch.hpp>

using namespace Qt::StringLiterals;

namespace {

const QString kRefusals = u"gatewayd_agent_refusals_total"_s;

double refusals(const AgentSite &world, const QString &reason) {
    return world.metric(kRefusals, {{u"reason"_s, reason}});
}

AgentSite::Options withoutAgent() {
    AgentSite::Options options;
    options.startAgent = false;
    return options;
}

} // namespace

TEST_CASE("agent refusals: a wrong secret and an unknown id are refused, each for its reason",
          "[agent]") {
    SKIP_WITHOUT_NETNS();
    AgentSite world(withoutAgent());
    REQUIRE_AGENT_SITE(world);

    struct Case {
        const char *reason;
        QString id;
        QByteArray secret;
    };
    const Case c = GENERATE(Case{"agent_bad_signature", u"site-a"_s, "a-secret-nobody-configured"},
                            Case{"agent_unknown", u"site-z"_s, {}});
    INFO("expecting " << c.reason);
    const QString secretFile =
        c.secret.isEmpty() ? QString() : world.writeSecret(u"wrong.secret"_s, c.secret);
    REQUIRE(world.startAgent(c.id, secretFile) >= 0);
    const bool counted = testsupport::waitFor(
        [&] { return refusals(world, QString::fromLatin1(c.reason)) >= 1; }, 20000);
    INFO(world.diagnostics());
    CHECK(counted);
    CHECK(world.agents().isEmpty());
    CHECK(world.metric(u"gatewayd_agents_connected"_s) == 0);
}

TEST_CASE("agent refusals: a replayed nonce, a skewed clock and a malformed proof are refused",
          "[agent]") {
    SKIP_WITHOUT_NETNS();
    AgentSite world(withoutAgent());
    REQUIRE_AGENT_SITE(world);
    const QString host = world.site().hostAddress(); // what the agent dials
    const quint16 port = world.gw().gatewayPort();
    const QByteArray secret = pc::AgentProof::secretFromFile(world.secret().toLatin1());
    const QString id = QString::fromLatin1(AgentSite::kAgentId);
    const qint64 now = QDateTime::currentSecsSinceEpoch();

    // A good proof is taken once: the upgrade succeeds.
    const QByteArray good = pc::AgentProof::make(id, secret, now, host).header();
    const UpgradeReply first = agentUpgrade(host, port, good);
    INFO(first.error.toStdString() << first.head.toStdString() << "\n" << world.diagnostics());
    REQUIRE(first.status == 101);

    SECTION("the same proof again: agent_replayed_nonce") {
        const UpgradeReply again = agentUpgrade(host, port, good);
        INFO(again.head.toStdString());
        CHECK(again.status == 401);
        CHECK(refusals(world, u"agent_replayed_nonce"_s) == 1);
    }
    SECTION("two minutes behind or ahead: agent_clock_skew") {
        for (const qint64 skew : {-120, 120}) {
            const UpgradeReply skewed = agentUpgrade(
                host, port, pc::AgentProof::make(id, secret, now + skew, host).header());
            INFO("skew " << skew << ": " << skewed.head.toStdString());
            CHECK(skewed.status == 401);
        }
        CHECK(refusals(world, u"agent_clock_skew"_s) == 2);
    }
    SECTION("a proof made for another gateway: agent_bad_signature") {
        const UpgradeReply elsewhere = agentUpgrade(
            host, port, pc::AgentProof::make(id, secret, now, u"gw2.example.com"_s).header());
        CHECK(elsewhere.status == 401);
        CHECK(refusals(world, u"agent_bad_signature"_s) == 1);
    }
    SECTION("a malformed header: agent_bad_proof") {
        const UpgradeReply malformed = agentUpgrade(host, port, "PMAgent id=site-a, ts=soon");
        CHECK(malformed.status == 400);
        CHECK(refusals(world, u"agent_bad_proof"_s) == 1);
    }
    // None of them became an agent; the one good upgrade was counted as no refusal.
    CHECK(world.metric(kRefusals, {{u"reason"_s, u"agent_unknown"_s}}) == 0);
}
