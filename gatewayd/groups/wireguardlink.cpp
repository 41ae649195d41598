#include "groups/wireguardlink.h"

#include "groups/groupownership.h"
#include "groups/groupslog.h"
#include "groups/systemcommand.h"

#include <QDeadlineTimer>
#include <QFile>
#include <QFileInfo>
#include <QThread>
#include <csignal>
#include <sys/prctl.h>

using namespace Qt::StringLiterals;

namespace gw {

namespace {

// Marks the interface NAME, just made in the host's namespace, as gatewayd's
// (GroupOwnership::ownsHostInterface).
pc::Expected<std::monostate, QString> markOurs(const QString &name) {
    if (auto set = SystemCommand::run(
            u"ip"_s, {u"link"_s, u"set"_s, name, u"alias"_s, GroupOwnership::interfaceAlias()});
        !set)
        return pc::unexpected(set.error());
    return std::monostate();
}

} // namespace

QString WireGuardLink::controlSocket(const QString &name) {
    return u"/run/wireguard/"_s + name + u".sock"_s;
}

WireGuardLink::WireGuardLink(QString name)
    : m_name(std::move(name)) {}

WireGuardLink::~WireGuardLink() {
    if (!m_process || m_process->state() == QProcess::NotRunning)
        return;
    m_process->terminate();
    if (!m_process->waitForFinished(3000)) {
        m_process->kill();
        m_process->waitForFinished(1000);
    }
}

pc::Expected<std::unique_ptr<WireGuardLink>, QString> WireGuardLink::create(const QString &name) {
    std::unique_ptr<WireGuardLink> link(new WireGuardLink(name));
    // Nothing of this name is ever removed here: GroupManager::check() refused an
    // interface or control socket of this name that is not gatewayd's, and
    // GroupRuntime::removeLeftovers() removed those that are.
    if (GroupOwnership::hostInterfaceExists(name))
        return pc::unexpected(u"a network interface "_s + name + u" exists already"_s);
    if (SystemCommand::run(u"ip"_s, {u"link"_s, u"add"_s, name, u"type"_s, u"wireguard"_s})) {
        if (auto marked = markOurs(name); !marked) {
            (void)SystemCommand::run(u"ip"_s, {u"link"_s, u"del"_s, name});
            return pc::unexpected(marked.error());
        }
        qCInfo(lcGroups).noquote() << "made" << name << "with the kernel's WireGuard";
        return link;
    }
    if (auto started = link->startUserspace(); !started)
        return pc::unexpected(started.error());
    if (auto marked = markOurs(name); !marked)
        return pc::unexpected(marked.error());
    qCInfo(lcGroups).noquote() << "made" << name << "with wireguard-go (no kernel module)";
    return link;
}

pc::Expected<std::monostate, QString> WireGuardLink::startUserspace() {
    const QString program = SystemCommand::locate(u"wireguard-go"_s);
    if (program.isEmpty())
        return pc::unexpected(u"WireGuard is not available: the kernel has no wireguard module "
                              u"and wireguard-go is not installed"_s);
    if (QFileInfo::exists(controlSocket(m_name))) // never removed here: maybe another's
        return pc::unexpected(controlSocket(m_name) + u" exists already"_s);
    m_process = std::make_unique<QProcess>();
    m_process->setProgram(program);
    m_process->setArguments({u"-f"_s, m_name});
    m_process->setStandardInputFile(QProcess::nullDevice());
    m_process->setStandardOutputFile(QProcess::nullDevice());
    m_process->setStandardErrorFile(QProcess::nullDevice());
    m_process->setChildProcessModifier([] {
        ::prctl(PR_SET_PDEATHSIG, SIGTERM);
        SystemCommand::closeInheritedDescriptors();
    });
    m_process->start();
    if (!m_process->waitForStarted(5000))
        return pc::unexpected(u"wireguard-go "_s + m_name + u": "_s + m_process->errorString());
    // Ready once its control socket exists (it makes the interface first). wireguard-go
    // says nothing on readiness at its default log level, hence the short polling.
    const QDeadlineTimer deadline(5000);
    while (!QFile::exists(controlSocket(m_name))) {
        if (m_process->state() == QProcess::NotRunning || m_process->waitForFinished(0))
            return pc::unexpected(u"wireguard-go "_s + m_name + u" exited at start (code "_s +
                                  QString::number(m_process->exitCode()) + u")"_s);
        if (deadline.hasExpired())
            return pc::unexpected(u"wireguard-go "_s + m_name + u" did not start within 5 s"_s);
        QThread::msleep(10);
    }
    return std::monostate();
}

bool WireGuardLink::alive() const {
    return !m_process || m_process->state() == QProcess::Running;
}

QStringList WireGuardLink::wgCommand(const QString &netns) const {
    if (m_process)
        return {u"wg"_s};
    return {u"ip"_s, u"netns"_s, u"exec"_s, netns, u"wg"_s};
}

} // namespace gw
