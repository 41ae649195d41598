#pragma once

#include <QObject>
#include <functional>

class QIODevice;

namespace pc {

// Bytes written to DEVICE that have not reached the network yet. For a QSslSocket this
// includes the encrypted bytes queued in its underlying TCP socket: QSslSocket's own
// bytesToWrite() counts only what is not yet encrypted, which hides the real backlog
// and lets a fast producer fill memory behind a slow peer.
qint64 writeBacklog(const QIODevice *device);

// Calls SLOT (in CONTEXT) whenever DEVICE's backlog shrinks: bytesWritten and, for a
// QSslSocket, encryptedBytesWritten.
void onWriteProgress(QIODevice *device, QObject *context, std::function<void()> slot);

} // namespace pc
