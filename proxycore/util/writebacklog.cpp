#include "util/writebacklog.h"

#include <QSslSocket>

namespace pc {

qint64 writeBacklog(const QIODevice *device) {
    if (!device)
        return 0;
    if (const auto *ssl = qobject_cast<const QSslSocket *>(device))
        return ssl->bytesToWrite() + ssl->encryptedBytesToWrite();
    return device->bytesToWrite();
}

void onWriteProgress(QIODevice *device, QObject *context, std::function<void()> slot) {
    QObject::connect(device, &QIODevice::bytesWritten, context, [slot](qint64) { slot(); });
    if (auto *ssl = qobject_cast<QSslSocket *>(device))
        QObject::connect(ssl, &QSslSocket::encryptedBytesWritten, context,
                         [slot](qint64) { slot(); });
}

} // namespace pc
