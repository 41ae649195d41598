#include "groups/wireguardlink.h"

#include "groups/groupslog.h"
#include "groups/systemcommand.h"

#include <QDeadlineTimer>
#include <QFile>
#include <QThread>
#include <csignal>
#include <sys/prctl.h>

using namespace Qt::StringLiterals;

namespace gw {

namespace {

// Where wireguard-go puts its control socket, "<name>.sock" (the same place `wg` looks).
QString controlSocket(const QString &name) {
    return u"/run/wireguard/"_s + name + u".sock"_s;
}

} // namespace

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
    // A leftover of this name (a gatewayd that was killed) goes first: the name is ours.
    (void)SystemCommand::run(u"ip"_s, {u"link"_s, u"del"_s, name});
    if (SystemCommand::run(u"ip"_s, {u"link"_s, u"add"_s, name, u"type"_s, u"wireguard"_s})) {
        qCInfo(lcGroups).noquote() << "made" << name << "with the kernel's WireGuard";
        return link;
    }
    if (auto started = link->startUserspace(); !started)
        return pc::unexpected(started.error());
    qCInfo(lcGroups).noquote() << "made" << name << "with wireguard-go (no kernel module)";
    return link;
}

pc::Expected<std::monostate, QString> WireGuardLink::startUserspace() {
    const QString program = SystemCommand::locate(u"wireguard-go"_s);
    if (program.isEmpty())
        return pc::unexpected(u"WireGuard is not available: the kernel has no wireguard module "
                              u"and wireguard-go is not installed"_s);
    QFile::remove(controlSocket(m_name)); // a stale one would look like ours
    m_process = std::make_unique<QProcess>();
    m_process->setProgram(program);
    m_process->setArguments({u"-f"_s, m_name});
    m_process->setStandardInputFile(QProcess::nullDevice());
    m_process->setStandardOutputFile(QProcess::nullDevice());
    m_process->setStandardErrorFile(QProcess::nullDevice());
    m_process->setChildProcessModifier([] { ::prctl(PR_SET_PDEATHSIG, SIGTERM); });
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
