#include "session/gatewaypolicy.h"

#include "session/sessionlog.h"

#include <QFileInfo>
#include <QSettings>
#include <QStandardPaths>
#include <algorithm>
#include <optional>

using namespace Qt::StringLiterals;

namespace app {

namespace {

const QString kKey = u"gateways"_s;
const QString kRelativePath = u"pmproxy/pmproxy.conf"_s;

struct Pattern {
    bool wildcard = false; // "*.": one or more labels below host
    pc::HostPort hostPort; // port 0: any port
};

std::optional<Pattern> parsePattern(QStringView text) {
    Pattern p;
    text = text.trimmed();
    if (text.startsWith(u"*.")) {
        p.wildcard = true;
        text = text.sliced(2);
    }
    if (text.contains(u'*'))
        return std::nullopt;
    auto hostPort = pc::HostPort::parse(text, 0);
    if (!hostPort)
        return std::nullopt;
    if (p.wildcard && pc::HostPort::isIpLiteral(hostPort->host))
        return std::nullopt; // "*.192.0.2.7" names nothing
    p.hostPort = *hostPort;
    return p;
}

QString normalized(QString host) {
    if (host.endsWith(u'.'))
        host.chop(1);
    return host.toLower();
}

} // namespace

QStringList GatewayPolicy::configurationFiles() {
    // GenericConfigLocation: $XDG_CONFIG_HOME first, then each of $XDG_CONFIG_DIRS.
    const QStringList dirs =
        QStandardPaths::standardLocations(QStandardPaths::GenericConfigLocation);
    const QString user = QStandardPaths::writableLocation(QStandardPaths::GenericConfigLocation);
    QStringList files;
    for (const QString &dir : dirs) {
        if (dir != user)
            files.append(dir + u'/' + kRelativePath);
    }
    if (!user.isEmpty())
        files.append(user + u'/' + kRelativePath);
    return files;
}

GatewayPolicy GatewayPolicy::load() {
    return fromFiles(configurationFiles());
}

GatewayPolicy GatewayPolicy::fromFiles(const QStringList &files) {
    GatewayPolicy policy;
    for (const QString &file : files) {
        const QFileInfo info(file);
        if (!info.exists())
            continue;
        QSettings settings(file, QSettings::IniFormat);
        if (settings.status() != QSettings::NoError || !info.isReadable()) {
            // The administrator's intent cannot be known: nothing is allowed.
            qCWarning(lcSession).noquote()
                << "cannot read" << file << "- no gateway is allowed until it can be read";
            policy.addList(file, {});
            continue;
        }
        if (!settings.contains(kKey))
            continue;
        QStringList patterns;
        for (const QString &entry : settings.value(kKey).toStringList()) {
            const QString pattern = entry.trimmed();
            if (pattern.isEmpty())
                continue;
            if (!isValidPattern(pattern))
                qCWarning(lcSession).noquote() << file + u':' << "gateway pattern" << pattern
                                               << "is not valid and matches nothing";
            patterns.append(pattern);
        }
        qCInfo(lcSession).noquote() << "gateways allowed by" << file + u':' << patterns.join(u", ");
        policy.addList(file, patterns);
    }
    return policy;
}

void GatewayPolicy::addList(const QString &source, const QStringList &patterns) {
    m_lists.append({source, patterns});
}

bool GatewayPolicy::isValidPattern(QStringView pattern) {
    return parsePattern(pattern).has_value();
}

bool GatewayPolicy::matches(QStringView pattern, const pc::HostPort &gateway) {
    const auto p = parsePattern(pattern);
    if (!p)
        return false;
    if (p->hostPort.port != 0 && p->hostPort.port != gateway.port)
        return false;
    if (!p->wildcard)
        return pc::HostPort::sameHost(p->hostPort.host, gateway.host);
    if (pc::HostPort::isIpLiteral(gateway.host))
        return false;
    const QString suffix = u'.' + normalized(p->hostPort.host);
    const QString host = normalized(gateway.host);
    return host.size() > suffix.size() && host.endsWith(suffix);
}

QString GatewayPolicy::refusal(const pc::HostPort &gateway) const {
    for (const AllowList &list : m_lists) {
        const bool allowed = std::any_of(list.patterns.begin(), list.patterns.end(),
                                         [&](const QString &p) { return matches(p, gateway); });
        if (!allowed)
            return tr("The gateway %1 is not one of the allowed gateways (setting \"gateways\" "
                      "in %2).")
                .arg(gateway.toString(), list.source);
    }
    return {};
}

} // namespace app
