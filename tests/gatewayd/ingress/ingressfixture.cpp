#include "ingressfixture.h"

#include "bmcsim/selfsignedcertificate.h"
#include "config/configloader.h"
#include "patterndigest.h"
#include "processgroup.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>

using namespace Qt::StringLiterals;

namespace {

bool writeFile(const QString &path, const QByteArray &data) {
    QFile f(path);
    return f.open(QIODevice::WriteOnly) && f.write(data) == data.size();
}

} // namespace

IngressFixture::IngressFixture(const QStringList &groups, const QStringList &hosts) {
    auto gatewayId = bmcsim::SelfSignedCertificate::generate({u"localhost"_s, u"127.0.0.1"_s});
    if (!gatewayId) {
        m_error = gatewayId.error();
        return;
    }
    m_gatewayCert = m_dir.filePath(u"gateway.pem"_s);
    const QString key = m_dir.filePath(u"gateway.key"_s);
    const QString secret = m_dir.filePath(u"jwt.secret"_s);
    writeFile(m_gatewayCert, gatewayId->certificate.toPem());
    writeFile(key, gatewayId->key.toPem());
    writeFile(secret, "0123456789abcdef0123456789abcdef\n");
    const QJsonObject doc{
        {u"name"_s, u"localhost"_s},
        {u"listen"_s, QJsonObject{{u"public"_s, u"127.0.0.1:0"_s}, {u"http"_s, u"127.0.0.1:0"_s}}},
        {u"tls"_s, QJsonObject{{u"cert"_s, m_gatewayCert}, {u"key"_s, key}}},
        {u"auth"_s, QJsonObject{{u"keys"_s, QJsonArray{QJsonObject{{u"kid"_s, u"k1"_s},
                                                                   {u"alg"_s, u"HS256"_s},
                                                                   {u"secretFile"_s, secret}}}}}},
        {u"targets"_s, QJsonObject{{u"allow"_s, QJsonArray{u"10.0.0.0/8"_s}}}},
    };
    auto config = gw::ConfigLoader::fromJson(QJsonDocument(doc).toJson(), m_dir.path());
    if (!config) {
        m_error = config.error().toString();
        return;
    }
    for (qsizetype i = 0; i < hosts.size(); ++i) {
        auto node = std::make_unique<Node>();
        node->group = groups.at(i);
        node->host = hosts.at(i);
        if (!startNode(*node) || !startHttpNode(*node))
            return;
        gw::GatewayConfig::GroupRoute route;
        route.host = node->host;
        route.tls = gw::HostPort{QHostAddress::LocalHost, node->port};
        route.http = gw::HostPort{QHostAddress::LocalHost, node->httpPort};
        auto group =
            std::find_if(config->groups.begin(), config->groups.end(),
                         [&](const gw::GatewayConfig::Group &g) { return g.name == node->group; });
        if (group == config->groups.end()) {
            gw::GatewayConfig::Group g;
            g.name = node->group;
            config->groups.append(g);
            group = config->groups.end() - 1;
        }
        group->routes.append(route);
        m_nodes.push_back(std::move(node));
    }
    gw::GatewayServices services;
    services.sessions = &m_sessions;
    services.nodeSockets = gw::currentNamespaceSockets();
    auto server = gw::GatewayServer::start(*config, services);
    if (!server) {
        m_error = server.error();
        return;
    }
    m_server = std::move(server).value();
}

IngressFixture::~IngressFixture() {
    m_server.reset();
    for (auto &node : m_nodes) {
        for (QProcess *p : {node->process.get(), node->httpProcess.get()}) {
            if (p) {
                p->kill();
                p->waitForFinished(5000);
            }
        }
    }
}

bool IngressFixture::startNode(Node &node) {
    auto id = bmcsim::SelfSignedCertificate::generate({node.host});
    if (!id) {
        m_error = id.error();
        return false;
    }
    node.dir = m_dir.filePath(node.host);
    QDir().mkpath(node.dir);
    node.certPath = m_dir.filePath(node.host + u".pem"_s);
    const QString key = m_dir.filePath(node.host + u".key"_s);
    writeFile(node.certPath, id->certificate.toPem());
    writeFile(key, id->key.toPem());
    writeFile(node.dir + u"/index.html"_s, "node " + node.host.toUtf8() + '\n');
    node.process = std::make_unique<QProcess>();
    QProcess &p = *node.process;
    p.setWorkingDirectory(node.dir);
    p.setProcessChannelMode(QProcess::MergedChannels);
    testsupport::startsOwnGroup(p);
    p.start(u"openssl"_s, {u"s_server"_s, u"-accept"_s, u"127.0.0.1:0"_s, u"-cert"_s, node.certPath,
                           u"-key"_s, key, u"-WWW"_s});
    static const QRegularExpression accept(u"ACCEPT .*:(\\d+)"_s);
    QByteArray out;
    while (true) {
        if (!p.waitForReadyRead(15000)) {
            m_error = u"openssl s_server did not start: "_s + QString::fromUtf8(out);
            return false;
        }
        out += p.readAll();
        const auto m = accept.match(QString::fromUtf8(out));
        if (m.hasMatch()) {
            node.port = quint16(m.captured(1).toUInt());
            return true;
        }
    }
}

bool IngressFixture::startHttpNode(Node &node) {
    node.httpProcess = std::make_unique<QProcess>();
    QProcess &p = *node.httpProcess;
    testsupport::startsOwnGroup(p);
    p.start(u"/usr/bin/python3"_s, {QStringLiteral(INGRESS_HTTPNODE), node.host});
    if (!p.waitForReadyRead(15000)) {
        m_error = u"httpnode.py did not start: "_s + QString::fromUtf8(p.readAllStandardError());
        return false;
    }
    node.httpPort = quint16(p.readLine().trimmed().toUInt());
    return node.httpPort != 0;
}

bool IngressFixture::writePatternFile(int i, const QString &file, qint64 bytes) {
    return testsupport::writePatternFile(node(i).dir + u'/' + file, bytes);
}
