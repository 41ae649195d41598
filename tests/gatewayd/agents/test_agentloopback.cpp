// A real `gatewayd agent` process and a real gatewayd on loopback: what only the gateway's
// side decides (README, "Agents"): the agents API and accounting, an agent's --allow
// enforced, two connections of one agent, removal by apply, published services. The
// isolated-network proof (the gateway cannot reach the BMC at all) is tests/gatewayd/agentsite.
#include "apiclient.h"
#include "gatewayfixture.h"
#include "httpsclient.h"
#include "waitfor.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QTemporaryDir>
#include <catch2/catch.hpp>
#include <memory>

using namespace Qt::StringLiterals;
using testsupport::httpsGet;

namespace {

const QByteArray kSecret = "loopback-agent-secret-0123456789";

// A process that is ended (SIGTERM, then SIGKILL) with the test.
struct Child {
    std::unique_ptr<QProcess> process = std::make_unique<QProcess>();
    ~Child() {
        if (process->state() == QProcess::NotRunning)
            return;
        process->terminate();
        if (!process->waitForFinished(15000)) {
            process->kill();
            process->waitForFinished(5000);
        }
    }
};

struct LoopbackAgents {
    QTemporaryDir dir;
    std::unique_ptr<GatewayFixture> gw;
    std::vector<std::unique_ptr<Child>> children;

    explicit LoopbackAgents(const QJsonObject &extraConfig = {}) {
        QFile f(secretFile());
        REQUIRE(f.open(QIODevice::WriteOnly));
        f.write(kSecret);
        f.close();
        GatewayFixture::Options options;
        options.platform = u"generic"_s;
        options.api = true;
        options.config = extraConfig;
        options.config.insert(
            u"agents"_s,
            QJsonArray{QJsonObject{{u"id"_s, u"site-a"_s}, {u"secretFile"_s, secretFile()}}});
        gw = std::make_unique<GatewayFixture>(options);
        REQUIRE(gw->ok());
        QFile ca(dir.filePath(u"gateway-ca.pem"_s));
        REQUIRE(ca.open(QIODevice::WriteOnly));
        ca.write(gw->certificate().toPem());
    }
    QString secretFile() const { return dir.filePath(u"site-a.secret"_s); }
    ApiClient api() const { return ApiClient(gw->apiPort(), gw->apiToken()); }
    QJsonArray agents() const { return api().get(u"/api/v1/agents"_s).json().array(); }

    // Starts `gatewayd agent` with ARGS after the common ones.
    QProcess &startAgent(const QStringList &args) {
        auto &child = children.emplace_back(std::make_unique<Child>());
        child->process->setProcessChannelMode(QProcess::ForwardedErrorChannel);
        child->process->start(QStringLiteral(GATEWAYD_BIN),
                              QStringList{u"agent"_s, u"--gateway"_s,
                                          u"wss://127.0.0.1:%1"_s.arg(gw->gatewayPort()), u"--id"_s,
                                          u"site-a"_s, u"--secret-file"_s, secretFile(), u"--ca"_s,
                                          dir.filePath(u"gateway-ca.pem"_s)} +
                                  args);
        return *child->process;
    }
    bool waitForLinks(int n) const {
        return testsupport::waitFor([&] { return agents().size() == n; }, 20000);
    }
};

QByteArray get(const LoopbackAgents &s, const QByteArray &target, const QByteArray &token) {
    return httpsGet(s.gw->gatewayPort(), target, GatewayFixture::cookieHeader(token)).body;
}

} // namespace

TEST_CASE("agents on loopback: served through the agent, listed, accounted, its --allow kept") {
    LoopbackAgents s;
    QProcess &agent = s.startAgent({u"--allow"_s, u"127.0.0.1/32"_s});
    REQUIRE(s.waitForLinks(1));
    const QJsonObject listed = s.agents().at(0).toObject();
    CHECK(listed.value(u"id"_s).toString() == u"site-a"_s);
    CHECK(listed.value(u"remoteAddress"_s).toString().endsWith(u"127.0.0.1"_s));
    CHECK(listed.value(u"state"_s).toString() == u"connected"_s);

    const QByteArray token = s.gw->mint({{u"agent"_s, u"site-a"_s}, {u"jti"_s, u"via-agent"_s}});
    const auto first =
        httpsGet(s.gw->gatewayPort(), "/redfish/v1", GatewayFixture::cookieHeader(token));
    REQUIRE(first.status == 200);
    // A larger body, so that the byte counts mean something.
    qint64 bodyBytes = first.body.size();
    for (int i = 0; i < 20; ++i)
        bodyBytes += get(s, "/redfish/v1", token).size();

    // Listed with its bytes (raw bytes on its connections: at least the bodies).
    const QJsonObject after = s.agents().at(0).toObject();
    CHECK(after.value(u"bytesDown"_s).toInteger() >= bodyBytes);
    CHECK(after.value(u"bytesUp"_s).toInteger() > 0);
    const QByteArray metrics = s.api().get(u"/metrics"_s).body;
    CHECK(metrics.contains("gatewayd_agents_connected 1"));
    CHECK(metrics.contains("gatewayd_agent_bytes_total{agent=\"site-a\",direction=\"down\"}"));

    // The traffic records of that session say "agent" and which.
    const QJsonArray records = s.api().get(u"/api/v1/traffic?since=0"_s).json().array();
    qint64 down = 0;
    for (const QJsonValue &v : records) {
        const QJsonObject r = v.toObject();
        if (r.value(u"jti"_s).toString() != u"via-agent"_s)
            continue;
        CHECK(r.value(u"path"_s).toString() == u"agent"_s);
        CHECK(r.value(u"agent"_s).toString() == u"site-a"_s);
        down += r.value(u"bytesDown"_s).toInteger();
    }
    CHECK(down >= bodyBytes);

    // 127.0.0.2 is outside the agent's --allow (127.0.0.1/32): refused by the agent,
    // although the gateway's own targets.allow would take it.
    const auto refused = httpsGet(s.gw->gatewayPort(), "/redfish/v1",
                                  GatewayFixture::cookieHeader(s.gw->mint(
                                      {{u"agent"_s, u"site-a"_s}, {u"ip"_s, u"127.0.0.2"_s}})));
    CHECK(refused.status == 403);
    CHECK(refused.json().value(u"error"_s).toString() == u"agent_refused"_s);
    CHECK(agent.state() == QProcess::Running);
}

TEST_CASE("agents on loopback: two connections of one agent are both listed, and an apply that "
          "removes the agent ends them") {
    LoopbackAgents s;
    s.startAgent({u"--allow"_s, u"127.0.0.0/8"_s});
    s.startAgent({u"--allow"_s, u"127.0.0.0/8"_s});
    REQUIRE(s.waitForLinks(2));
    const QByteArray token = s.gw->mint({{u"agent"_s, u"site-a"_s}});
    for (int i = 0; i < 6; ++i)
        CHECK(httpsGet(s.gw->gatewayPort(), "/redfish/v1", GatewayFixture::cookieHeader(token))
                  .status == 200);

    QJsonObject config = s.gw->config(); // (GET /api/v1/config is redacted)
    config.insert(u"agents"_s, QJsonArray());
    const auto applied = s.api().post(u"/api/v1/apply"_s, QJsonDocument(config).toJson());
    INFO(applied.body.toStdString());
    REQUIRE(applied.status == 200);
    REQUIRE(s.waitForLinks(0));
    const auto gone =
        httpsGet(s.gw->gatewayPort(), "/redfish/v1", GatewayFixture::cookieHeader(token));
    CHECK(gone.status == 502);
    CHECK(gone.json().value(u"error"_s).toString() == u"agent_unavailable"_s);
}

TEST_CASE("agents on loopback: a published service answers at <agent id>.<agentDomain>") {
    // A plain HTTP service inside the "site": Python's http.server.
    Child service;
    service.process->start(u"python3"_s, {u"-c"_s, uR"(
import http.server
class H(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    def do_GET(self):
        body = ("published %s host=%s xfh=%s" % (self.path, self.headers.get("Host"),
                self.headers.get("X-Forwarded-Host"))).encode()
        self.send_response(200)
        self.send_header("Set-Cookie", "svc=1; Domain=gw.test; Path=/")
        self.send_header("Set-Cookie", "pm-session=forged; Path=/")
        self.send_header("X-Got-Cookie", self.headers.get("Cookie") or "-")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
    def log_message(self, *a):
        pass
s = http.server.ThreadingHTTPServer(("127.0.0.1", 0), H)
print(s.server_address[1], flush=True)
s.serve_forever()
)"_s});
    REQUIRE(service.process->waitForReadyRead(10000));
    const int servicePort = service.process->readLine().trimmed().toInt();
    REQUIRE(servicePort > 0);

    LoopbackAgents s(
        QJsonObject{{u"ingress"_s, QJsonObject{{u"agentDomain"_s, u"agents.gw.test"_s}}}});
    s.startAgent({u"--allow"_s, u"127.0.0.1/32"_s, u"--publish"_s,
                  u"http://127.0.0.1:%1/"_s.arg(servicePort)});
    REQUIRE(s.waitForLinks(1));
    CHECK(s.agents()
              .at(0)
              .toObject()
              .value(u"publish"_s)
              .toString()
              .contains(QString::number(servicePort)));

    const auto reply = testsupport::httpsExchange(
        s.gw->gatewayPort(),
        "GET /status?x=1 HTTP/1.1\r\nHost: site-a.agents.gw.test\r\nConnection: close\r\n"
        "Cookie: pm-session=a-token; theirs=2\r\n\r\n");
    INFO(reply.body.toStdString());
    CHECK(reply.status == 200);
    CHECK(reply.body == "published /status?x=1 host=127.0.0.1:" + QByteArray::number(servicePort) +
                            " xfh=site-a.agents.gw.test");
    // The gateway's session cookie never reaches the service, and the service can set
    // neither a cookie for the gateway's domain nor the gateway's own cookie.
    CHECK(reply.headers.value("X-Got-Cookie") == "theirs=2");
    const QList<QByteArray> cookies = reply.headers.values("Set-Cookie");
    REQUIRE(cookies.size() == 1);
    CHECK(cookies.first().startsWith("svc=1"));
    CHECK_FALSE(cookies.first().toLower().contains("domain"));
    // Another name under the domain publishes nothing; the gateway's own routes still work.
    CHECK(testsupport::httpsExchange(s.gw->gatewayPort(),
                                     "GET / HTTP/1.1\r\nHost: site-b.agents.gw.test\r\n"
                                     "Connection: close\r\n\r\n")
              .status == 404);
    CHECK(httpsGet(s.gw->gatewayPort(), "/redfish/v1", GatewayFixture::cookieHeader(s.gw->mint()))
              .status == 200);
    // Accounted as the agent's service.
    bool found = false;
    for (const QJsonValue &v : s.api().get(u"/api/v1/traffic?since=0"_s).json().array()) {
        const QJsonObject r = v.toObject();
        if (r.value(u"agent"_s).toString() == u"site-a"_s && r.value(u"path"_s) == u"agent"_s)
            found = r.value(u"bytesDown"_s).toInteger() >= reply.body.size();
    }
    CHECK(found);
}

TEST_CASE("agents on loopback: an apply that changes an agent's secret ends its connection, "
          "and the old secret is refused from then on") {
    LoopbackAgents s;
    s.startAgent({u"--allow"_s, u"127.0.0.0/8"_s});
    REQUIRE(s.waitForLinks(1));
    const QString rotated = s.dir.filePath(u"site-a.rotated"_s);
    QFile f(rotated);
    REQUIRE(f.open(QIODevice::WriteOnly));
    f.write("a-new-secret-after-the-leak-0123");
    f.close();
    QJsonObject config = s.gw->config();
    config.insert(u"agents"_s,
                  QJsonArray{QJsonObject{{u"id"_s, u"site-a"_s}, {u"secretFile"_s, rotated}}});
    REQUIRE(s.api().post(u"/api/v1/apply"_s, QJsonDocument(config).toJson()).status == 200);
    REQUIRE(s.waitForLinks(0));
    // The agent (still holding the old secret) keeps trying and is refused each time.
    CHECK(testsupport::waitFor([&] {
        return s.api()
            .get(u"/metrics"_s)
            .body.contains("gatewayd_agent_refusals_total{reason=\"agent_bad_signature\"}");
    }));
    CHECK(s.agents().isEmpty());
}
