#include "agent/agentwire.h"

#include <QHostAddress>

namespace pc::agentwire {

QByteArray connectTarget(const QString &host, quint16 port) {
    const QByteArray name = host.toUtf8();
    const bool v6 = name.contains(':');
    return (v6 ? "[" + name + "]" : name) + ':' + QByteArray::number(port);
}

bool parseConnectTarget(const QByteArray &target, QString *host, quint16 *port) {
    const qsizetype colon = target.lastIndexOf(':');
    if (colon <= 0 || colon == target.size() - 1)
        return false;
    QByteArray name = target.left(colon);
    if (name.startsWith('[')) {
        if (!name.endsWith(']'))
            return false;
        name = name.mid(1, name.size() - 2);
        if (QHostAddress(QString::fromLatin1(name)).protocol() != QAbstractSocket::IPv6Protocol)
            return false;
    } else if (name.contains(':')) {
        return false;
    }
    bool ok = false;
    const uint value = target.mid(colon + 1).toUInt(&ok);
    if (!ok || value == 0 || value > 65535 || name.isEmpty() || name.size() > 253)
        return false;
    for (char c : name) {
        const bool allowed = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                             (c >= '0' && c <= '9') || c == '.' || c == '-' || c == ':' || c == '_';
        if (!allowed)
            return false;
    }
    *host = QString::fromLatin1(name);
    *port = quint16(value);
    return true;
}

} // namespace pc::agentwire
