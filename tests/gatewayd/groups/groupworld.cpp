#include "groupworld.h"

#include "groups/groupsockets.h"
#include "processgroup.h"
#include "waitfor.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QStandardPaths>
#include <QUdpSocket>
#include <arpa/inet.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

using namespace Qt::StringLiterals;

namespace {

const QString kIp = u"/usr/sbin/ip"_s;
const QString kNodeAddress = u"10.8.0.2"_s;
constexpr quint16 kNodePort = 51820; // in the node's own namespace

QByteArray run(const QString &program, const QStringList &args, const QByteArray &input = {},
               QString *error = nullptr) {
    QProcess p;
    p.start(program, args);
    p.write(input);
    p.closeWriteChannel();
    if (!p.waitForFinished(15000) || p.exitStatus() != QProcess::NormalExit || p.exitCode() != 0) {
        if (error)
            *error = program + u" "_s + args.join(u' ') + u": "_s +
                     QString::fromLocal8Bit(p.readAllStandardError()).trimmed();
        return {};
    }
    return p.readAllStandardOutput();
}

QString letter(int i) {
    return QString(QChar(u'a' + i));
}

} // namespace

quint16 GroupWorld::freeUdpPort() {
    QUdpSocket probe;
    return probe.bind(QHostAddress::AnyIPv4, 0) ? probe.localPort() : 0;
}

GroupWorld::GroupWorld(bool withNodes) {
    if (!m_dir.isValid()) {
        m_error = u"no temporary directory"_s;
        return;
    }
    for (int i = 0; i < Groups && ok(); ++i) {
        if (!makeKey(u"gateway-"_s + letter(i), &m_gatewayPublic[i]) ||
            !makeKey(u"node-"_s + letter(i), &m_nodePublic[i]))
            return;
        m_gatewayPorts[i] = freeUdpPort();
    }
    for (int i = 0; i < Groups && ok() && withNodes; ++i) {
        if (!startNode(i))
            return;
    }
}

GroupWorld::~GroupWorld() {
    if (m_groupServer)
        testsupport::endGroup(*m_groupServer, m_groupServerGroup);
    // The nodes end (their wireguard-go killed, which leaves its control socket behind).
    for (int i = 0; i < Groups; ++i) {
        m_nodes[i].reset();
        if (!m_nodeInterfaces[i].isEmpty())
            QFile::remove(u"/run/wireguard/"_s + m_nodeInterfaces[i] + u".sock"_s);
    }
    // Whatever a failed test or a killed gatewayd left of the groups.
    for (int i = 0; i < Groups; ++i) {
        const QString name = groupName(i);
        if (QFile::exists(u"/run/netns/"_s + name))
            run(kIp, {u"netns"_s, u"del"_s, name});
        run(kIp, {u"link"_s, u"del"_s, u"wg-"_s + name});
    }
}

bool GroupWorld::supported(QString *why) {
    for (const QString &tool : {u"wg"_s, u"wireguard-go"_s}) {
        if (QStandardPaths::findExecutable(tool).isEmpty()) {
            *why = tool + u" is not installed (Debian: wireguard-tools, wireguard-go)"_s;
            return false;
        }
    }
    return true;
}

QString GroupWorld::groupName(int i) const {
    return u"pg%1"_s.arg(QCoreApplication::applicationPid()) + letter(i);
}

QByteArray GroupWorld::page(int i) const {
    return "node " + letter(i).toLatin1() + " page\n";
}

QString GroupWorld::keyFile(int i) const {
    return m_dir.filePath(u"gateway-"_s + letter(i) + u".key"_s);
}

bool GroupWorld::makeKey(const QString &name, QString *publicKey) {
    const QByteArray key = run(u"wg"_s, {u"genkey"_s}, {}, &m_error);
    QFile file(m_dir.filePath(name + u".key"_s));
    if (key.isEmpty() || !file.open(QIODevice::WriteOnly) || file.write(key) != key.size()) {
        m_error += u" (key "_s + name + u")"_s;
        return false;
    }
    file.setPermissions(QFile::ReadOwner | QFile::WriteOwner);
    *publicKey = QString::fromLatin1(run(u"wg"_s, {u"pubkey"_s}, key, &m_error).trimmed());
    return !publicKey->isEmpty();
}

bool GroupWorld::startNode(int i) {
    m_nodes[i] = std::make_unique<NetnsSite>();
    NetnsSite &site = *m_nodes[i];
    if (!site.ok()) {
        m_error = site.error();
        return false;
    }
    // wireguard-go's control socket is not per namespace: the name is unique to this run.
    static int worlds = 0;
    if (i == 0)
        ++worlds;
    const QString ifname =
        u"pn%1"_s.arg(QCoreApplication::applicationPid()) + letter(i) + QString::number(worlds);
    const QString socket = u"/run/wireguard/"_s + ifname + u".sock"_s;
    QFile::remove(socket);
    m_nodeInterfaces[i] = ifname;
    if (site.start(u"wireguard-go"_s, {u"-f"_s, ifname}) < 0 ||
        !testsupport::waitFor([&] { return QFile::exists(socket); })) {
        m_error = u"wireguard-go in node "_s + letter(i) + u" did not start: "_s + site.error();
        return false;
    }
    const QString keyPath = m_dir.filePath(u"node-"_s + letter(i) + u".key"_s);
    const QString gatewayEndpoint =
        site.hostAddress() + u":"_s + QString::number(m_gatewayPorts[i]);
    const QString ns = site.name();
    run(u"wg"_s,
        {u"set"_s, ifname, u"private-key"_s, keyPath, u"listen-port"_s, QString::number(kNodePort),
         u"peer"_s, m_gatewayPublic[i], u"allowed-ips"_s, u"10.8.0.0/24"_s, u"endpoint"_s,
         gatewayEndpoint},
        {}, &m_error);
    run(kIp, {u"-n"_s, ns, u"addr"_s, u"add"_s, kNodeAddress + u"/24"_s, u"dev"_s, ifname}, {},
        &m_error);
    run(kIp, {u"-n"_s, ns, u"link"_s, u"set"_s, ifname, u"up"_s}, {}, &m_error);
    if (!m_error.isEmpty())
        return false;

    const QString www = m_dir.filePath(u"www-"_s + letter(i));
    QDir().mkpath(www);
    QFile index(www + u"/index.html"_s);
    if (!index.open(QIODevice::WriteOnly) || index.write(page(i)) != page(i).size()) {
        m_error = u"cannot write the page"_s;
        return false;
    }
    index.close();
    const int server =
        site.start(u"/usr/bin/python3"_s, {u"-u"_s, u"-m"_s, u"http.server"_s, u"--bind"_s,
                                           kNodeAddress, u"--directory"_s, www, u"80"_s});
    if (server < 0 || !site.firstLine(server).startsWith("Serving HTTP")) {
        m_error = u"the web server of node "_s + letter(i) + u" did not start: "_s +
                  (server < 0 ? site.error() : site.log(server));
        return false;
    }
    return true;
}

QJsonObject GroupWorld::groupJson(int i) const {
    QJsonObject peer{{u"publicKey"_s, m_nodePublic[i]},
                     {u"allowedIps"_s, QJsonArray{kNodeAddress + u"/32"_s}}};
    if (m_nodes[i])
        peer.insert(u"endpoint"_s, m_nodes[i]->siteAddress() + u":"_s + QString::number(kNodePort));
    return QJsonObject{
        {u"name"_s, groupName(i)},
        {u"wireguard"_s, QJsonObject{{u"privateKeyFile"_s, keyFile(i)},
                                     {u"listenPort"_s, m_gatewayPorts[i]},
                                     {u"address"_s, u"10.8.0.1/24"_s},
                                     {u"peers"_s, QJsonArray{peer}}}},
        {u"routes"_s, QJsonArray{QJsonObject{{u"host"_s, u"app-"_s + letter(i) + u".example.net"_s},
                                             {u"http"_s, kNodeAddress + u":80"_s}}}}};
}

QJsonArray GroupWorld::groupsJson() const {
    QJsonArray groups;
    for (int i = 0; i < Groups; ++i)
        groups.append(groupJson(i));
    return groups;
}

QByteArray GroupWorld::getInGroup(const QString &group, const QString &address, quint16 port,
                                  QString *error) {
    const int fd = gw::GroupSockets::openTcpSocket(group, AF_INET, error);
    if (fd < 0)
        return {};
    sockaddr_in to{};
    to.sin_family = AF_INET;
    to.sin_port = htons(port);
    ::inet_pton(AF_INET, address.toLatin1().constData(), &to.sin_addr);
    QByteArray body;
    const auto waitFd = [fd](short events) {
        pollfd p{fd, events, 0};
        return ::poll(&p, 1, 10000) == 1;
    };
    if (::connect(fd, reinterpret_cast<const sockaddr *>(&to), sizeof to) != 0 &&
        errno != EINPROGRESS) {
        *error = u"connect failed at once"_s;
    } else if (!waitFd(POLLOUT)) {
        *error = u"no connection within 10 s"_s;
    } else {
        int soError = 0;
        socklen_t len = sizeof soError;
        ::getsockopt(fd, SOL_SOCKET, SO_ERROR, &soError, &len);
        const QByteArray request = "GET / HTTP/1.0\r\nHost: " + address.toLatin1() + "\r\n\r\n";
        if (soError != 0) {
            *error = u"connect: "_s + QString::fromLocal8Bit(strerror(soError));
        } else if (::send(fd, request.constData(), size_t(request.size()), MSG_NOSIGNAL) !=
                   request.size()) {
            *error = u"send failed"_s;
        } else {
            QByteArray reply;
            char buffer[4096];
            while (waitFd(POLLIN)) {
                const ssize_t n = ::recv(fd, buffer, sizeof buffer, 0);
                if (n <= 0)
                    break;
                reply.append(buffer, n);
            }
            const qsizetype split = reply.indexOf("\r\n\r\n");
            if (split < 0)
                *error = u"no HTTP answer"_s;
            else
                body = reply.mid(split + 4);
        }
    }
    ::close(fd);
    return body;
}

int GroupWorld::connectInGroup(const QString &group, const QString &address, quint16 port) {
    QString error;
    const int fd = gw::GroupSockets::openTcpSocket(group, AF_INET, &error);
    if (fd < 0)
        return -1;
    sockaddr_in to{};
    to.sin_family = AF_INET;
    to.sin_port = htons(port);
    ::inet_pton(AF_INET, address.toLatin1().constData(), &to.sin_addr);
    pollfd p{fd, POLLOUT, 0};
    int soError = 0;
    socklen_t len = sizeof soError;
    if ((::connect(fd, reinterpret_cast<const sockaddr *>(&to), sizeof to) != 0 &&
         errno != EINPROGRESS) ||
        ::poll(&p, 1, 10000) != 1 || ::getsockopt(fd, SOL_SOCKET, SO_ERROR, &soError, &len) != 0 ||
        soError != 0) {
        ::close(fd);
        return -1;
    }
    return fd;
}

bool GroupWorld::endsSoon(int fd) {
    pollfd p{fd, POLLIN, 0};
    if (::poll(&p, 1, 5000) != 1)
        return false;
    char byte = 0;
    return ::recv(fd, &byte, 1, 0) <= 0; // 0: closed; -1: reset or aborted
}

QByteArray GroupWorld::curlFromNode(int i, const QString &url) {
    const int curl = m_nodes[i]->start(u"/usr/bin/curl"_s,
                                       {u"-s"_s, u"-m"_s, u"3"_s, u"--noproxy"_s, u"*"_s, url});
    if (curl < 0 || !m_nodes[i]->process(curl).waitForFinished(15000))
        return {};
    return m_nodes[i]->process(curl).readAllStandardOutput();
}

bool GroupWorld::serveInGroupNamespace(const QString &group, const QByteArray &page) {
    const QString www = m_dir.filePath(u"www-"_s + group);
    QDir().mkpath(www);
    QFile index(www + u"/index.html"_s);
    if (!index.open(QIODevice::WriteOnly) || index.write(page) != page.size())
        return false;
    index.close();
    m_groupServer = std::make_unique<QProcess>();
    testsupport::startsOwnGroup(*m_groupServer);
    m_groupServer->start(kIp, {u"netns"_s, u"exec"_s, group, u"/usr/bin/python3"_s, u"-u"_s,
                               u"-m"_s, u"http.server"_s, u"--bind"_s, u"10.8.0.1"_s,
                               u"--directory"_s, www, u"8080"_s});
    if (!m_groupServer->waitForStarted(10000)) {
        m_error = u"no web server in the group's namespace"_s;
        return false;
    }
    m_groupServerGroup = m_groupServer->processId();
    const bool serving = testsupport::waitFor([&] { return m_groupServer->canReadLine(); });
    return serving && m_groupServer->readLine().startsWith("Serving HTTP");
}
