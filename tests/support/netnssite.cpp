#include "netnssite.h"

#include "processgroup.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <atomic>
#include <unistd.h>

using namespace Qt::StringLiterals;

namespace {

constexpr int kSubnets = 250; // N in 1..250
const QString kPrefix = u"pmproxy-site-"_s;
const QString kIp = u"/usr/sbin/ip"_s;

std::atomic<int> g_counter{0};

// Runs ip(8) with ARGS; false with ERROR (its stderr) when it fails.
bool ip(const QStringList &args, QString *error = nullptr) {
    QProcess p;
    p.start(kIp, args);
    if (!p.waitForFinished(15000)) {
        p.kill();
        p.waitForFinished(5000);
        if (error)
            *error = u"ip %1: did not finish"_s.arg(args.join(u' '));
        return false;
    }
    if (p.exitStatus() == QProcess::NormalExit && p.exitCode() == 0)
        return true;
    if (error)
        *error = u"ip %1: %2"_s.arg(args.join(u' '),
                                    QString::fromLocal8Bit(p.readAllStandardError()).trimmed());
    return false;
}

QString ipOutput(const QStringList &args) {
    QProcess p;
    p.start(kIp, args);
    p.waitForFinished(15000);
    return QString::fromLocal8Bit(p.readAllStandardOutput());
}

} // namespace

NetnsSite::NetnsSite() {
    QString why;
    if (!supported(&why)) {
        m_error = why;
        return;
    }
    removeStaleSites();
    m_name = kPrefix + u"%1-%2"_s.arg(QCoreApplication::applicationPid()).arg(++g_counter);
    if (!create())
        destroy();
}

NetnsSite::~NetnsSite() {
    destroy();
}

bool NetnsSite::supported(QString *why) {
    if (::geteuid() != 0) {
        *why =
            u"network namespaces need root (CAP_NET_ADMIN); running as uid %1"_s.arg(::geteuid());
        return false;
    }
    if (!QFileInfo(kIp).isExecutable()) {
        *why = kIp + u" is missing (Debian package iproute2)"_s;
        return false;
    }
    return true;
}

bool NetnsSite::create() {
    if (!ip({u"netns"_s, u"add"_s, m_name}, &m_error))
        return false;
    // Claim a subnet by creating its host interface; the first free one from a start that
    // differs between processes.
    const int first = int((QCoreApplication::applicationPid() * 7 + g_counter) % kSubnets);
    for (int i = 0; i < kSubnets && m_index == 0; ++i) {
        const int n = (first + i) % kSubnets + 1;
        QString error;
        if (ip({u"link"_s, u"add"_s, u"pmsite%1h"_s.arg(n), u"type"_s, u"veth"_s, u"peer"_s,
                u"name"_s, u"pmsite%1s"_s.arg(n), u"netns"_s, m_name},
               &error)) {
            m_index = n;
        } else if (!error.contains(u"exists"_s)) {
            m_error = error;
            return false;
        }
    }
    if (m_index == 0) {
        m_error = u"no free subnet: pmsite1h..pmsite%1h all exist"_s.arg(kSubnets);
        return false;
    }
    const QString site = u"pmsite%1s"_s.arg(m_index);
    const QList<QStringList> steps{
        {u"addr"_s, u"add"_s, hostAddress() + u"/30"_s, u"dev"_s, hostInterface()},
        {u"link"_s, u"set"_s, hostInterface(), u"up"_s},
        {u"-n"_s, m_name, u"addr"_s, u"add"_s, siteAddress() + u"/30"_s, u"dev"_s, site},
        {u"-n"_s, m_name, u"link"_s, u"set"_s, site, u"up"_s},
        {u"-n"_s, m_name, u"link"_s, u"set"_s, u"lo"_s, u"up"_s},
        {u"-n"_s, m_name, u"addr"_s, u"add"_s, bmcAddress() + u"/32"_s, u"dev"_s, u"lo"_s},
    };
    for (const QStringList &step : steps) {
        if (!ip(step, &m_error))
            return false;
    }
    // The host has no way to the BMC: without this route its default route would carry
    // the connection elsewhere (on some machines to a proxy that accepts everything).
    if (!ip({u"route"_s, u"replace"_s, u"unreachable"_s, bmcNetwork()}, &m_error))
        return false;
    m_routeAdded = true;
    m_ready = true;
    return true;
}

void NetnsSite::removeStaleSites() {
    // "pmproxy-site-PID-N (id: 3)": a site whose test process is gone.
    static const QRegularExpression line(u"^pmproxy-site-(\\d+)-(\\d+)"_s,
                                         QRegularExpression::MultilineOption);
    auto it = line.globalMatch(ipOutput({u"netns"_s, u"list"_s}));
    while (it.hasNext()) {
        const auto match = it.next();
        if (QFileInfo::exists(u"/proc/"_s + match.captured(1)))
            continue;
        // Its host route too, found by its interface's name ("pmsiteNs@...").
        static const QRegularExpression siteInterface(u"^pmsite(\\d+)s"_s,
                                                      QRegularExpression::MultilineOption);
        const auto iface = siteInterface.match(
            ipOutput({u"-n"_s, match.captured(0), u"-br"_s, u"link"_s, u"show"_s}));
        if (iface.hasMatch())
            ip({u"route"_s, u"del"_s, u"unreachable"_s, u"10.77.%1.0/24"_s.arg(iface.captured(1))});
        ip({u"netns"_s, u"delete"_s, match.captured(0)});
    }
}

void NetnsSite::destroy() {
    for (std::size_t handle = 0; handle < m_processes.size(); ++handle)
        stop(int(handle), true);
    if (m_routeAdded)
        ip({u"route"_s, u"del"_s, u"unreachable"_s, bmcNetwork()});
    m_routeAdded = false;
    // The veth pair goes with the namespace; deleting the host end first makes sure it is
    // gone before the next site may claim its name.
    if (m_index > 0)
        ip({u"link"_s, u"delete"_s, hostInterface()});
    if (!m_name.isEmpty())
        ip({u"netns"_s, u"delete"_s, m_name});
}

QString NetnsSite::hostAddress() const {
    return u"172.31.%1.1"_s.arg(m_index);
}

QString NetnsSite::siteAddress() const {
    return u"172.31.%1.2"_s.arg(m_index);
}

QString NetnsSite::bmcAddress() const {
    return u"10.77.%1.5"_s.arg(m_index);
}

QString NetnsSite::bmcNetwork() const {
    return u"10.77.%1.0/24"_s.arg(m_index);
}

QString NetnsSite::hostInterface() const {
    return u"pmsite%1h"_s.arg(m_index);
}

bool NetnsSite::setLinkUp(bool up) {
    const QString state = up ? u"up"_s : u"down"_s;
    return ip({u"link"_s, u"set"_s, hostInterface(), state}, &m_error) &&
           ip({u"-n"_s, m_name, u"link"_s, u"set"_s, u"pmsite%1s"_s.arg(m_index), state}, &m_error);
}

bool NetnsSite::resetConnections(const QString &host, quint16 port) {
    const QStringList args{u"netns"_s, u"exec"_s,  m_name,  u"ss"_s,
                           u"-K"_s,    u"-t"_s,    u"-n"_s, u"dst"_s,
                           host,       u"dport"_s, u"="_s,  QString::number(port)};
    // ss lists the sockets it destroyed (after its header line).
    return ipOutput(args).trimmed().count(u'\n') >= 1;
}

int NetnsSite::start(const QString &program, const QStringList &args) {
    if (!m_ready)
        return -1;
    auto child = std::make_unique<Child>();
    child->process = std::make_unique<QProcess>();
    child->logPath = m_dir.filePath(u"process-%1.log"_s.arg(m_processes.size()));
    QProcess &p = *child->process;
    testsupport::startsOwnGroup(p);
    p.setStandardErrorFile(child->logPath);
    // `ip netns exec` enters the namespace and executes PROGRAM in its own place: the
    // process started here is the program itself (its pid, its memory).
    p.start(kIp, QStringList{u"netns"_s, u"exec"_s, m_name, program} + args);
    if (!p.waitForStarted(10000)) {
        m_error = program + u" did not start: "_s + p.errorString();
        return -1;
    }
    child->group = p.processId();
    m_processes.push_back(std::move(child));
    return int(m_processes.size()) - 1;
}

qint64 NetnsSite::pid(int handle) const {
    return m_processes.at(handle)->process->processId();
}

QByteArray NetnsSite::firstLine(int handle, int timeoutMs) {
    QProcess &p = process(handle);
    while (!p.canReadLine()) {
        if (!p.waitForReadyRead(timeoutMs))
            return {};
    }
    return p.readLine().trimmed();
}

QString NetnsSite::log(int handle) const {
    QFile f(m_processes.at(handle)->logPath);
    return f.open(QIODevice::ReadOnly) ? QString::fromUtf8(f.readAll().right(4000)) : QString();
}

void NetnsSite::stop(int handle, bool kill) {
    Child &child = *m_processes.at(handle);
    testsupport::endGroup(*child.process, child.group, kill ? 0 : 3000);
}

bool NetnsSite::running(int handle) const {
    return m_processes.at(handle)->process->state() != QProcess::NotRunning;
}

quint16 NetnsSite::startBmc(const QString &platform, const QStringList &extraArgs) {
    m_bmc = start(QStringLiteral(BMCSIM_BIN),
                  QStringList{u"--platform"_s, platform, u"--listen"_s, bmcAddress() + u":0"_s} +
                      extraArgs);
    if (m_bmc < 0)
        return 0;
    const QByteArray line = firstLine(m_bmc);
    const auto port = quint16(QJsonDocument::fromJson(line).object().value(u"port"_s).toInt());
    if (port == 0)
        m_error = u"bmcsim in the site printed no port: %1 %2"_s.arg(QString::fromLatin1(line),
                                                                     log(m_bmc));
    return port;
}
