#include "agentsite.h"

#include "waitfor.h"

#include <QDateTime>
#include <QFile>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QTcpServer>

using namespace Qt::StringLiterals;

namespace {

QByteArray randomSecret() {
    QByteArray s(32, Qt::Uninitialized);
    QRandomGenerator::system()->fillRange(reinterpret_cast<quint32 *>(s.data()), 8);
    return s.toBase64();
}

// A port free on every address now, for a gateway that must keep its port across a
// restart (the agent dials a fixed URL). Below the kernel's ephemeral range
// (net.ipv4.ip_local_port_range, 32768-60999 here): a port from bind(0) was taken by some
// other test's outgoing connection before gatewayd bound it; none of those uses this range,
// and the tests that pick a fixed port hold the heavy lock, one at a time.
quint16 freePort() {
    for (int attempt = 0; attempt < 200; ++attempt) {
        const auto port = quint16(QRandomGenerator::system()->bounded(20000, 32000));
        QTcpServer probe;
        if (probe.listen(QHostAddress::Any, port))
            return port;
    }
    return 0;
}

} // namespace

AgentSite::AgentSite(Options options)
    : m_options(std::move(options))
    , m_secret(randomSecret()) {
    if (!m_site.ok()) {
        m_error = u"site: "_s + m_site.error();
        return;
    }
    m_bmcPort =
        m_site.startBmc(m_options.platform,
                        m_options.compressingBmc ? QStringList{u"--compress"_s} : QStringList{});
    if (m_bmcPort == 0) {
        m_error = u"bmcsim in the site: "_s + m_site.error();
        return;
    }
    const quint16 port = freePort();
    GatewayFixture::Options o;
    o.platform = m_options.platform;
    o.api = true;
    o.allow = {u"127.0.0.0/8"_s, u"10.77.0.0/16"_s};
    o.certificateNames = {m_site.hostAddress()};
    QJsonObject config{
        {u"listen"_s, QJsonObject{{u"public"_s, u"0.0.0.0:%1"_s.arg(port)}}},
        {u"agents"_s, QJsonArray{QJsonObject{{u"id"_s, QString::fromLatin1(kAgentId)},
                                             {u"secretFile"_s, secretPath()}}}},
    };
    for (auto it = m_options.config.begin(); it != m_options.config.end(); ++it)
        config.insert(it.key(), it.value());
    o.config = config;
    if (!writeSecret(u"site-a.secret"_s, m_secret + '\n').isEmpty())
        m_gw = std::make_unique<GatewayFixture>(o);
    if (!m_gw || !m_gw->ok()) {
        m_error = u"gatewayd: "_s + (m_gw ? m_gw->startupError() : u"no secret file"_s);
        return;
    }
    QFile ca(caPath());
    if (!ca.open(QIODevice::WriteOnly) || ca.write(m_gw->certificate().toPem()) <= 0) {
        m_error = u"cannot write the gateway's certificate"_s;
        return;
    }
    ca.close();
    if (m_options.startAgent) {
        if (startAgent() < 0)
            return;
        if (!waitForAgent(true)) {
            m_error = u"the agent did not connect (GET /api/v1/agents: %1)"_s.arg(
                QString::fromUtf8(api().get(u"/api/v1/agents"_s).body.left(300)));
            return;
        }
    }
    m_ok = true;
}

AgentSite::~AgentSite() {
    // The agent first (it would only try to reconnect), then gatewayd; the site last.
    if (m_agent >= 0)
        m_site.stop(m_agent);
    m_gw.reset();
}

QByteArray AgentSite::mint(const QJsonObject &claims) const {
    QJsonObject c{{u"ip"_s, m_site.bmcAddress()},
                  {u"port"_s, m_bmcPort},
                  {u"platform"_s, m_options.platform},
                  {u"agent"_s, QString::fromLatin1(kAgentId)}};
    for (auto it = claims.begin(); it != claims.end(); ++it)
        c.insert(it.key(), it.value());
    return m_gw->mint(c);
}

QByteArray AgentSite::mintWithoutAgent(const QJsonObject &claims) const {
    QJsonObject c{{u"ip"_s, m_site.bmcAddress()},
                  {u"port"_s, m_bmcPort},
                  {u"platform"_s, m_options.platform}};
    for (auto it = claims.begin(); it != claims.end(); ++it)
        c.insert(it.key(), it.value());
    return m_gw->mint(c);
}

QString AgentSite::gatewayUrl() const {
    return u"wss://%1:%2"_s.arg(m_site.hostAddress()).arg(m_gw->gatewayPort());
}

QString AgentSite::secretPath() const {
    return m_dir.filePath(u"site-a.secret"_s);
}

QString AgentSite::caPath() const {
    return m_dir.filePath(u"gateway-ca.pem"_s);
}

QString AgentSite::writeSecret(const QString &name, const QByteArray &content) const {
    QFile f(m_dir.filePath(name));
    if (!f.open(QIODevice::WriteOnly) || f.write(content) != content.size())
        return {};
    return f.fileName();
}

int AgentSite::startAgent(const QString &id, const QString &secretFile) {
    QStringList args{u"agent"_s,
                     u"--gateway"_s,
                     gatewayUrl(),
                     u"--id"_s,
                     id,
                     u"--secret-file"_s,
                     secretFile.isEmpty() ? secretPath() : secretFile,
                     u"--ca"_s,
                     caPath()};
    const QStringList allow = m_options.agentAllow.isEmpty()
                                  ? QStringList{m_site.bmcAddress() + u"/32"_s}
                                  : m_options.agentAllow;
    for (const QString &cidr : allow)
        args << u"--allow"_s << cidr;
    // PMPROXY_AGENT runs another build's agent (PMPROXY_GATEWAYD, another gatewayd).
    const QString program = qEnvironmentVariable(
        "PMPROXY_AGENT", qEnvironmentVariable("PMPROXY_GATEWAYD", QStringLiteral(GATEWAYD_BIN)));
    m_agent = m_site.start(program, args);
    if (m_agent < 0)
        m_error = u"agent: "_s + m_site.error();
    return m_agent;
}

QJsonArray AgentSite::agents() const {
    return api().get(u"/api/v1/agents"_s).json().array();
}

QJsonObject AgentSite::agentEntry(const QString &id) const {
    // One entry per agent connection; one whose session waits for a resume says
    // "state": "reconnecting". The attached one first.
    QJsonObject found;
    for (const QJsonValue &v : agents()) {
        const QJsonObject entry = v.toObject();
        if (entry.value(u"id"_s).toString() != id)
            continue;
        if (entry.value(u"state"_s).toString(u"connected"_s) == u"connected"_s)
            return entry;
        found = entry;
    }
    return found;
}

bool AgentSite::isConnected(const QString &id) const {
    const QJsonObject entry = agentEntry(id);
    return !entry.isEmpty() && entry.value(u"state"_s).toString(u"connected"_s) == u"connected"_s;
}

bool AgentSite::waitForAgent(bool connected, int timeoutMs, const QString &id) const {
    return testsupport::waitFor([&] { return isConnected(id) == connected; }, timeoutMs);
}

double AgentSite::metric(const QString &name, const QList<QPair<QString, QString>> &labels) const {
    const ApiClient::Reply reply = api().get(u"/metrics"_s);
    if (reply.status != 200)
        return -1;
    double sum = 0;
    for (const QByteArray &raw : reply.body.split('\n')) {
        const QString line = QString::fromUtf8(raw);
        if (line.startsWith(u'#') || !line.startsWith(name))
            continue;
        const QString rest = line.mid(name.size());
        if (!rest.startsWith(u' ') && !rest.startsWith(u'{'))
            continue; // another metric whose name begins with NAME
        const QString labelText = rest.startsWith(u'{') ? rest.section(u'}', 0, 0) : QString();
        bool all = true;
        for (const auto &[key, value] : labels)
            all = all && labelText.contains(u"%1=\"%2\""_s.arg(key, value));
        if (all)
            sum += line.section(u' ', -1).toDouble();
    }
    return sum;
}

std::string AgentSite::diagnostics() {
    QString text;
    if (m_agent >= 0)
        text += u"agent log: "_s + m_site.log(m_agent).right(1500) + u'\n';
    if (m_gw)
        text += u"gatewayd log: "_s + QString::fromUtf8(m_gw->gatewayLog().right(1500)) + u'\n';
    if (m_site.bmcHandle() >= 0)
        text += u"bmcsim log: "_s + m_site.log(m_site.bmcHandle()).right(500);
    return text.toStdString();
}
