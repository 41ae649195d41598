// Without CAP_NET_ADMIN (README, "Node groups"): gatewayd serves BMCs as ever and answers
// an apply with groups with a 400 that names the missing capability.
#include "apiclient.h"
#include "gatewayfixture.h"
#include "groupworld.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <catch2/catch.hpp>
#include <linux/capability.h>
#include <sys/prctl.h>

using namespace Qt::StringLiterals;

TEST_CASE("groups: without CAP_NET_ADMIN gatewayd starts and refuses groups with a 400",
          "[groups]") {
    SKIP_WITHOUT_GROUPS();
    // Dropped from the bounding set, the capabilities are gone for every program this test
    // process starts (gatewayd runs as root without them). This test runs in a process of
    // its own (CTest runs each test case alone).
    if (::prctl(PR_CAPBSET_DROP, CAP_NET_ADMIN, 0, 0, 0) != 0 ||
        ::prctl(PR_CAPBSET_DROP, CAP_SYS_ADMIN, 0, 0, 0) != 0) {
        WARN("SKIPPED: cannot drop capabilities (no CAP_SETPCAP)");
        return;
    }
    GroupWorld world(false); // keys only: no namespace can be made now
    GatewayFixture::Options options;
    options.platform = u"generic"_s;
    options.api = true;
    // A configuration with a group: gatewayd starts anyway and says why the group is not up.
    options.config = QJsonObject{{u"groups"_s, QJsonArray{world.groupJson(0)}}};
    GatewayFixture gw(options);
    INFO(gw.startupError().toStdString() << gw.gatewayLog().toStdString());
    REQUIRE(gw.ok());
    const ApiClient api(gw.apiPort(), gw.apiToken());
    CHECK(api.get(u"/healthz"_s).status == 200);
    // The BMC features work: a token gets the emulated BMC through the gateway.
    CHECK_FALSE(gw.login(gw.mint()).isEmpty());
    const QJsonArray listed = api.get(u"/api/v1/groups"_s).json().array();
    REQUIRE(listed.size() == 1);
    CHECK(listed[0][u"running"_s] == false);
    CHECK(listed[0][u"problem"_s].toString().contains(u"CAP_NET_ADMIN"_s));

    // An apply with groups: 400 naming the capability, nothing made.
    QJsonObject document = gw.config();
    document[u"groups"_s] = QJsonArray{world.groupJson(0), world.groupJson(1)};
    const auto refused = api.post(u"/api/v1/apply"_s, QJsonDocument(document).toJson());
    INFO(refused.body.toStdString());
    CHECK(refused.status == 400);
    CHECK(refused.body.contains("CAP_NET_ADMIN"));
    CHECK_FALSE(QFile::exists(u"/run/netns/"_s + world.groupName(0)));
    CHECK_FALSE(QFile::exists(u"/run/netns/"_s + world.groupName(1)));
}
