#include "groups/groupownership.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSaveFile>
#include <sys/stat.h>

using namespace Qt::StringLiterals;

namespace gw {

namespace {

const QString MarkerDir = u"/run/gatewayd/groups"_s;

// What tells namespace NAME from any other of that name: its nsfs inode (bind-mounted at
// /run/netns/NAME) and when that inode was made, as the inode number alone may be reused
// once a namespace is gone. Empty: no such namespace.
QByteArray namespaceIdentity(const QString &name) {
    struct stat info {};
    if (::stat(QFile::encodeName(u"/run/netns/"_s + name).constData(), &info) != 0)
        return {};
    return QByteArray::number(quint64(info.st_ino)) + ' ' +
           QByteArray::number(qint64(info.st_mtim.tv_sec)) + '.' +
           QByteArray::number(qint64(info.st_mtim.tv_nsec));
}

} // namespace

pc::Expected<std::monostate, QString> GroupOwnership::recordNamespace(const QString &name) {
    const QByteArray identity = namespaceIdentity(name);
    if (identity.isEmpty())
        return pc::unexpected(u"namespace "_s + name + u" is not in /run/netns"_s);
    if (!QDir().mkpath(MarkerDir))
        return pc::unexpected(u"cannot make "_s + MarkerDir);
    QSaveFile marker(MarkerDir + u'/' + name);
    if (!marker.open(QIODevice::WriteOnly) || marker.write(identity) < 0 || !marker.commit())
        return pc::unexpected(u"cannot write "_s + marker.fileName() + u": "_s +
                              marker.errorString());
    return std::monostate();
}

void GroupOwnership::forgetNamespace(const QString &name) {
    QFile::remove(MarkerDir + u'/' + name);
}

bool GroupOwnership::ownsNamespace(const QString &name) {
    const QByteArray identity = namespaceIdentity(name);
    if (identity.isEmpty())
        return false;
    QFile marker(MarkerDir + u'/' + name);
    return marker.open(QIODevice::ReadOnly) && marker.read(128) == identity;
}

QString GroupOwnership::interfaceAlias() {
    return u"gatewayd node group"_s;
}

bool GroupOwnership::hostInterfaceExists(const QString &ifname) {
    return QFileInfo::exists(u"/sys/class/net/"_s + ifname);
}

bool GroupOwnership::ownsHostInterface(const QString &ifname) {
    QFile alias(u"/sys/class/net/"_s + ifname + u"/ifalias"_s);
    if (!alias.open(QIODevice::ReadOnly))
        return false;
    return QString::fromUtf8(alias.readAll()).trimmed() == interfaceAlias();
}

} // namespace gw
