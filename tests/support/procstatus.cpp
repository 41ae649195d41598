#include "procstatus.h"

#include <QByteArrayView>
#include <QFile>
#include <QString>

namespace testsupport {

namespace {

qint64 statusField(qint64 pid, QByteArrayView field) {
    QFile status(QStringLiteral("/proc/%1/status").arg(pid));
    if (!status.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray &line : status.readAll().split('\n')) {
        if (line.startsWith(field))
            return line.mid(field.size()).trimmed().split(' ').value(0).toLongLong();
    }
    return -1;
}

} // namespace

qint64 rssKib(qint64 pid) {
    return statusField(pid, "VmRSS:");
}

qint64 peakRssKib(qint64 pid) {
    return statusField(pid, "VmHWM:");
}

} // namespace testsupport
