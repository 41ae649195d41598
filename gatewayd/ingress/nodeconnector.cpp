#include "ingress/nodeconnector.h"

#include "util/lowdelay.h"

#include <QSocketNotifier>
#include <arpa/inet.h>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

using namespace Qt::StringLiterals;

namespace gw {

namespace {

QString errnoText(int error) {
    return QString::fromLocal8Bit(std::strerror(error));
}

} // namespace

NodeConnector::NodeConnector(NodeSocketFactory factory, QString group, HostPort target,
                             int timeoutMs, QObject *parent)
    : QObject(parent)
    , m_factory(std::move(factory))
    , m_group(std::move(group))
    , m_target(std::move(target)) {
    m_deadline.setSingleShot(true);
    m_deadline.setInterval(timeoutMs);
    connect(&m_deadline, &QTimer::timeout, this, [this] {
        fail(u"no connection to %1 within upstream.connectTimeoutMs"_s.arg(m_target.toString()));
    });
}

NodeConnector::~NodeConnector() {
    closeDescriptor();
}

void NodeConnector::closeDescriptor() {
    delete m_notifier;
    m_notifier = nullptr;
    if (m_fd >= 0)
        ::close(m_fd);
    m_fd = -1;
}

void NodeConnector::start() {
    const bool v6 = m_target.address.protocol() == QAbstractSocket::IPv6Protocol;
    QString error;
    m_fd = m_factory(m_group, v6 ? AF_INET6 : AF_INET, &error);
    if (m_fd < 0) {
        m_fd = -1;
        return fail(u"cannot open a socket in group %1: %2"_s.arg(m_group, error));
    }
    const int flags = ::fcntl(m_fd, F_GETFL);
    if (flags < 0 || ::fcntl(m_fd, F_SETFL, flags | O_NONBLOCK) < 0)
        return fail(u"cannot make the socket non-blocking: "_s + errnoText(errno));
    pc::setLowDelay(qintptr(m_fd));
    sockaddr_storage address{};
    socklen_t length = 0;
    const quint16 port = m_target.port.value_or(0);
    if (v6) {
        auto *a = reinterpret_cast<sockaddr_in6 *>(&address);
        a->sin6_family = AF_INET6;
        a->sin6_port = htons(port);
        const Q_IPV6ADDR bytes = m_target.address.toIPv6Address();
        std::memcpy(&a->sin6_addr, bytes.c, 16);
        a->sin6_scope_id = m_target.address.scopeId().toUInt();
        length = sizeof(sockaddr_in6);
    } else {
        auto *a = reinterpret_cast<sockaddr_in *>(&address);
        a->sin_family = AF_INET;
        a->sin_port = htons(port);
        a->sin_addr.s_addr = htonl(m_target.address.toIPv4Address());
        length = sizeof(sockaddr_in);
    }
    if (::connect(m_fd, reinterpret_cast<sockaddr *>(&address), length) == 0) {
        const int fd = std::exchange(m_fd, -1);
        Q_EMIT connected(fd);
        return;
    }
    if (errno != EINPROGRESS)
        return fail(u"cannot connect to %1: %2"_s.arg(m_target.toString(), errnoText(errno)));
    m_notifier = new QSocketNotifier(m_fd, QSocketNotifier::Write);
    connect(m_notifier, &QSocketNotifier::activated, this, &NodeConnector::writable);
    m_deadline.start();
}

void NodeConnector::writable() {
    int error = 0;
    socklen_t length = sizeof error;
    if (::getsockopt(m_fd, SOL_SOCKET, SO_ERROR, &error, &length) < 0)
        error = errno;
    if (error == EINPROGRESS || error == EINTR)
        return;
    if (error != 0)
        return fail(u"cannot connect to %1: %2"_s.arg(m_target.toString(), errnoText(error)));
    m_deadline.stop();
    delete m_notifier; // the adopting socket watches the descriptor from now on
    m_notifier = nullptr;
    const int fd = std::exchange(m_fd, -1);
    Q_EMIT connected(fd);
}

void NodeConnector::fail(const QString &why) {
    m_deadline.stop();
    closeDescriptor();
    Q_EMIT failed(why);
}

} // namespace gw
