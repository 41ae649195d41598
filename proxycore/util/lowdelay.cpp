#include "util/lowdelay.h"

#include <QAbstractSocket>
#include <QVariant>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>

namespace pc {

bool setLowDelay(QAbstractSocket *socket) {
    if (!socket)
        return false;
    // QSslSocket forwards both calls to its TCP socket (its own socketDescriptor() may be
    // -1 on a server's socket); the check asks the kernel.
    socket->setSocketOption(QAbstractSocket::LowDelayOption, QVariant(1));
    const qintptr fd = socket->socketDescriptor();
    return fd >= 0 ? hasLowDelay(fd)
                   : socket->socketOption(QAbstractSocket::LowDelayOption).toInt() != 0;
}

bool setLowDelay(qintptr descriptor) {
    const int on = 1;
    if (::setsockopt(int(descriptor), IPPROTO_TCP, TCP_NODELAY, &on, sizeof on) != 0)
        return false;
    return hasLowDelay(descriptor);
}

bool hasLowDelay(qintptr descriptor) {
    int value = 0;
    socklen_t size = sizeof value;
    if (::getsockopt(int(descriptor), IPPROTO_TCP, TCP_NODELAY, &value, &size) != 0)
        return false;
    return value != 0;
}

} // namespace pc
