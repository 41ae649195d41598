#pragma once

#include "token/hostport.h"

#include <QCoreApplication>
#include <QList>
#include <QString>
#include <QStringList>

namespace app {

// Which gateways pmproxy may dial: the `gateways` setting, a list of gateway host
// patterns, read with QSettings from the system configuration
// ($XDG_CONFIG_DIRS, default /etc/xdg: pmproxy/pmproxy.conf) and the user's
// ($XDG_CONFIG_HOME, default ~/.config: pmproxy/pmproxy.conf).
//
// No file sets it: any gateway. Each file that sets it must allow the gateway, so a user
// file can narrow what the system file allows but never widen it; a setting that is
// present but empty, or a file that exists and cannot be read, allows none (fail closed).
//
// Patterns (case-insensitive, a trailing dot ignored): `gw1.example.com` names one host,
// `*.gw.example.com` any host one or more labels below gw.example.com (not
// gw.example.com itself), `[2001:db8::1]` or `192.0.2.7` an address; `:PORT` after any of
// them allows that port only (without it, any port). A pattern that is none of these
// (e.g. `gw*.example.com`) matches nothing and is logged.
class GatewayPolicy {
    Q_DECLARE_TR_FUNCTIONS(GatewayPolicy)
public:
    struct AllowList {
        QString source; // the file the list comes from
        QStringList patterns;
    };

    // From the XDG configuration locations above.
    static GatewayPolicy load();
    // From FILES (missing files are skipped), in order.
    static GatewayPolicy fromFiles(const QStringList &files);
    // The configuration files load() reads: the system ones, then the user's.
    static QStringList configurationFiles();

    void addList(const QString &source, const QStringList &patterns);
    QList<AllowList> lists() const { return m_lists; }
    bool isRestricted() const { return !m_lists.isEmpty(); }

    // Empty when GATEWAY may be dialled, else why not, in words that name the gateway
    // and the file whose list refuses it.
    QString refusal(const pc::HostPort &gateway) const;

    static bool matches(QStringView pattern, const pc::HostPort &gateway);
    static bool isValidPattern(QStringView pattern);

private:
    QList<AllowList> m_lists;
};

} // namespace app
