#include "gatewayfixture.h"

#include "bmcsim/selfsignedcertificate.h"
#include "httpsclient.h"
#include "processgroup.h"
#include "token/gpsessionclaims.h"
#include "token/jws.h"
#include "token/jwsalgorithm.h"
#include "token/keyloader.h"
#include "token/tokenminter.h"
#include "waitfor.h"

#include <QDateTime>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRandomGenerator>
#include <QRegularExpression>

using namespace Qt::StringLiterals;

namespace {

bool writeFile(const QString &path, const QByteArray &content) {
    QFile f(path);
    return f.open(QIODevice::WriteOnly) && f.write(content) == content.size();
}

QByteArray randomSecret() {
    QByteArray s(32, Qt::Uninitialized);
    QRandomGenerator::system()->fillRange(reinterpret_cast<quint32 *>(s.data()), 8);
    return s.toBase64();
}

} // namespace

GatewayFixture::GatewayFixture(Options options)
    : m_secret(randomSecret())
    , m_secret2(randomSecret())
    , m_apiToken(randomSecret()) {
    QStringList names = QStringList{u"localhost"_s, u"127.0.0.1"_s} + options.certificateNames;
    const QString sessionDomain =
        options.config.value(u"browser"_s).toObject().value(u"sessionDomain"_s).toString();
    if (!sessionDomain.isEmpty())
        names << u"*."_s + sessionDomain;
    auto identity = bmcsim::SelfSignedCertificate::generate(names);
    if (!identity) {
        m_error = identity.error();
        return;
    }
    const QString cert = m_dir.filePath(u"gateway.pem"_s);
    const QString key = m_dir.filePath(u"gateway.key"_s);
    const QString secret = m_dir.filePath(u"jwt.secret"_s);
    m_certificate = identity->certificate;
    writeFile(cert, identity->certificate.toPem());
    writeFile(key, identity->key.toPem());
    writeFile(secret, m_secret + '\n');

    QJsonObject config{
        {u"name"_s, u"localhost"_s},
        {u"listen"_s, QJsonObject{{u"public"_s, u"127.0.0.1:0"_s}}},
        {u"tls"_s, QJsonObject{{u"cert"_s, cert}, {u"key"_s, key}}},
        {u"auth"_s, QJsonObject{{u"keys"_s, QJsonArray{QJsonObject{{u"kid"_s, u"k1"_s},
                                                                   {u"alg"_s, u"HS256"_s},
                                                                   {u"secretFile"_s, secret}}}}}},
        {u"targets"_s, QJsonObject{{u"allow"_s, QJsonArray::fromStringList(options.allow)},
                                   {u"verifyTls"_s, false}}},
    };
    if (!options.upstream.isEmpty())
        config.insert(u"upstream"_s, options.upstream);
    if (options.api) {
        const QString secret2 = m_dir.filePath(u"jwt2.secret"_s);
        const QString apiToken = m_dir.filePath(u"api.token"_s);
        writeFile(secret2, m_secret2 + '\n');
        writeFile(apiToken, m_apiToken + '\n');
        QJsonObject auth = config.value(u"auth"_s).toObject();
        QJsonArray keys = auth.value(u"keys"_s).toArray();
        keys.append(
            QJsonObject{{u"kid"_s, u"k2"_s}, {u"alg"_s, u"HS256"_s}, {u"secretFile"_s, secret2}});
        auth.insert(u"keys"_s, keys);
        config.insert(u"auth"_s, auth);
        config.insert(u"listen"_s,
                      QJsonObject{{u"public"_s, u"127.0.0.1:0"_s}, {u"api"_s, u"127.0.0.1:0"_s}});
        config.insert(u"api"_s, QJsonObject{{u"tokenFile"_s, apiToken}});
        config.insert(u"accounting"_s,
                      QJsonObject{{u"database"_s, databasePath()}, {u"retentionHours"_s, 24}});
    }
    for (auto it = options.config.begin(); it != options.config.end(); ++it) {
        QJsonObject section = config.value(it.key()).toObject();
        if (!it.value().isObject() || section.isEmpty()) {
            config.insert(it.key(), it.value());
            continue;
        }
        const QJsonObject overrides = it.value().toObject();
        for (auto o = overrides.begin(); o != overrides.end(); ++o)
            section.insert(o.key(), o.value());
        config.insert(it.key(), section);
    }
    m_config = config;
    writeFile(configPath(), QJsonDocument(config).toJson());

    QByteArray line;
    QStringList bmcArgs{u"--platform"_s, options.platform, u"--listen"_s, u"127.0.0.1:0"_s};
    if (options.compressingBmc)
        bmcArgs.append(u"--compress"_s);
    if (!startProcess(m_bmc, QStringLiteral(BMCSIM_BIN), bmcArgs, line))
        return;
    m_bmcPort = quint16(QJsonDocument::fromJson(line).object().value(u"port"_s).toInt());
    startGateway();
}

QString GatewayFixture::configPath() const {
    return m_dir.filePath(u"gatewayd.json"_s);
}

QString GatewayFixture::databasePath() const {
    return m_dir.filePath(u"traffic.db"_s);
}

bool GatewayFixture::startGateway() {
    m_gatewayLog.clear();
    m_gatewayPort = 0;
    m_apiPort = 0;
    m_httpPort = 0;
    QByteArray line;
    // PMPROXY_GATEWAYD runs the tests against another gatewayd (e.g. an older build, to
    // see a new test fail there).
    const QString program = qEnvironmentVariable("PMPROXY_GATEWAYD", QStringLiteral(GATEWAYD_BIN));
    if (!startProcess(m_gateway, program, {u"--config"_s, configPath()}, line))
        return false;
    const QRegularExpression portAtEnd(u":(\\d+)\\s*$"_s);
    const auto match = portAtEnd.match(QString::fromLatin1(line));
    m_gatewayPort = match.hasMatch() ? quint16(match.captured(1).toUInt()) : 0;
    if (m_gatewayPort == 0) {
        m_error = u"gatewayd printed no port: "_s + QString::fromLatin1(line);
        return false;
    }
    const QJsonObject listen = m_config.value(u"listen"_s).toObject();
    // The next line's port (gatewayd prints api, then http, when configured).
    const auto nextPort = [&](const char *what) -> quint16 {
        while (!m_gateway.canReadLine()) {
            if (!m_gateway.waitForReadyRead(15000)) {
                m_error = u"gatewayd printed no %1 line"_s.arg(QLatin1StringView(what));
                return 0;
            }
        }
        const auto m = portAtEnd.match(QString::fromLatin1(m_gateway.readLine().trimmed()));
        return m.hasMatch() ? quint16(m.captured(1).toUInt()) : 0;
    };
    if (listen.contains(u"api"_s) && (m_apiPort = nextPort("api")) == 0)
        return false;
    if (listen.contains(u"http"_s) && (m_httpPort = nextPort("http")) == 0)
        return false;
    return true;
}

int GatewayFixture::terminateGateway() {
    if (m_gateway.state() == QProcess::NotRunning)
        return m_gateway.exitCode();
    m_gateway.terminate();
    if (!m_gateway.waitForFinished(15000)) {
        m_error = u"gatewayd did not exit on SIGTERM"_s;
        return -1;
    }
    if (m_gateway.exitStatus() != QProcess::NormalExit) {
        m_error = u"gatewayd crashed on SIGTERM: "_s +
                  QString::fromUtf8(m_gateway.readAllStandardError().right(2000));
        return -1;
    }
    return m_gateway.exitCode();
}

bool GatewayFixture::restartGateway() {
    terminateGateway();
    if (m_gateway.state() != QProcess::NotRunning) {
        m_gateway.kill();
        m_gateway.waitForFinished(5000);
    }
    return startGateway();
}

quint16 GatewayFixture::startAnotherBmc(const QString &platform, const QStringList &extraArgs) {
    auto &process = m_otherBmcs.emplace_back(std::make_unique<QProcess>());
    QByteArray line;
    if (!startProcess(*process, QStringLiteral(BMCSIM_BIN),
                      QStringList{u"--platform"_s, platform, u"--listen"_s, u"127.0.0.1:0"_s} +
                          extraArgs,
                      line))
        return 0;
    const auto port = quint16(QJsonDocument::fromJson(line).object().value(u"port"_s).toInt());
    if (port == 0)
        m_error = u"bmcsim printed no port: "_s + QString::fromLatin1(line);
    return port;
}

GatewayFixture::~GatewayFixture() {
    QList<QProcess *> processes{&m_gateway, &m_bmc};
    for (const auto &other : m_otherBmcs)
        processes << other.get();
    for (QProcess *p : processes) {
        if (p->state() != QProcess::NotRunning) {
            p->terminate();
            if (!p->waitForFinished(5000))
                p->kill();
            p->waitForFinished(5000);
        }
    }
}

bool GatewayFixture::startProcess(QProcess &process, const QString &program,
                                  const QStringList &args, QByteArray &firstLine) {
    // PMPROXY_TEST_VERBOSE=1 shows the processes' logs (with QT_LOGGING_RULES as needed).
    process.setProcessChannelMode(qEnvironmentVariableIsSet("PMPROXY_TEST_VERBOSE")
                                      ? QProcess::ForwardedErrorChannel
                                      : QProcess::SeparateChannels);
    process.setReadChannel(QProcess::StandardOutput);
    // A test process that is killed takes its gatewayd and bmcsim with it.
    testsupport::startsOwnGroup(process);
    process.start(program, args);
    while (!process.canReadLine()) {
        if (!process.waitForReadyRead(15000)) {
            m_error =
                program + u" did not start: "_s + QString::fromUtf8(process.readAllStandardError());
            return false;
        }
    }
    firstLine = process.readLine().trimmed();
    return true;
}

QByteArray GatewayFixture::mint(const QJsonObject &claims) const {
    return mintWith(m_secret, claims);
}

QByteArray GatewayFixture::mintK2(const QJsonObject &claims) const {
    return mintWith(m_secret2, claims, u"k2"_s);
}

QByteArray GatewayFixture::mintForged(const QJsonObject &claims) const {
    return mintWith("not-the-gateway-secret", claims);
}

QByteArray GatewayFixture::mintWith(const QByteArray &secret, const QJsonObject &overrides,
                                    const QString &kid) const {
    const qint64 now = QDateTime::currentSecsSinceEpoch();
    QJsonObject json{{u"ip"_s, u"127.0.0.1"_s},
                     {u"port"_s, m_bmcPort},
                     {u"upstream"_s, u"localhost:%1"_s.arg(m_gatewayPort)},
                     {u"platform"_s, u"idrac9"_s},
                     {u"iat"_s, now},
                     {u"nbf"_s, now},
                     {u"exp"_s, now + 300},
                     {u"sub"_s, u"tester"_s}};
    for (auto it = overrides.begin(); it != overrides.end(); ++it)
        json.insert(it.key(), it.value());
    auto claims = pc::GpsessionClaims::fromJson(json);
    auto key = pc::KeyLoader::secretFromContent(secret);
    if (!claims || !key)
        return {};
    auto token = pc::TokenMinter::mint(*claims, *key, {pc::JwsAlgorithm::HS256, kid});
    return token ? *token : QByteArray();
}

QByteArray GatewayFixture::mintExactly(const QJsonObject &claims) const {
    auto key = pc::KeyLoader::secretFromContent(m_secret);
    if (!key)
        return {};
    auto token = pc::Jws::sign(QJsonDocument(claims).toJson(QJsonDocument::Compact), *key,
                               pc::JwsAlgorithm::HS256, QJsonObject{{u"typ"_s, u"JWT"_s}});
    return token ? *token : QByteArray();
}

QByteArray GatewayFixture::gatewayLog() {
    m_gatewayLog += m_gateway.readAllStandardError();
    return m_gatewayLog;
}

QByteArray GatewayFixture::waitForGatewayLog(const QByteArray &needle, int timeoutMs) {
    testsupport::waitFor(
        [&] {
            m_gatewayLog += m_gateway.readAllStandardError();
            return m_gatewayLog.contains(needle) || m_gateway.state() == QProcess::NotRunning;
        },
        timeoutMs);
    return m_gatewayLog;
}

QByteArray GatewayFixture::login(const QByteArray &token) const {
    const QByteArray body = R"({"UserName":"root","Password":"0penBmc"})";
    const auto reply = testsupport::httpsExchange(
        m_gatewayPort, "POST /redfish/v1/SessionService/Sessions HTTP/1.1\r\nHost: localhost\r\n"
                       "Content-Type: application/json\r\nCookie: pm-session=" +
                           token + "\r\nContent-Length: " + QByteArray::number(body.size()) +
                           "\r\n\r\n" + body);
    QByteArray cookies = "pm-session=" + token;
    for (const QByteArray &set : reply.headers.values("Set-Cookie"))
        cookies += "; " + set.left(set.indexOf(';'));
    return reply.status / 100 == 2 ? cookies : QByteArray();
}

QByteArray GatewayFixture::cookieHeader(const QByteArray &token) {
    return "Cookie: pm-session=" + token + "\r\n";
}
