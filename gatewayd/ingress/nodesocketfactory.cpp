#include "ingress/nodesocketfactory.h"

#include <cerrno>
#include <cstring>
#include <sys/socket.h>

namespace gw {

NodeSocketFactory currentNamespaceSockets() {
    return [](const QString &, int family, QString *error) {
        const int fd = ::socket(family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
        if (fd < 0 && error)
            *error = QString::fromLocal8Bit(std::strerror(errno));
        return fd;
    };
}

} // namespace gw
