#include "groups/groupsockets.h"

#include <QFile>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sched.h>
#include <sys/socket.h>
#include <system_error>
#include <thread>
#include <unistd.h>

using namespace Qt::StringLiterals;

namespace gw {

int GroupSockets::openTcpSocket(const QString &groupName, int family, QString *error) {
    const auto fail = [error](const QString &what, int code) {
        if (error)
            *error = what + u": "_s + QString::fromLocal8Bit(std::strerror(code));
        return -1;
    };
    if (family != AF_INET && family != AF_INET6)
        return fail(u"unsupported address family"_s, EAFNOSUPPORT);
    if (groupName.isEmpty() || groupName.contains(u'/') || groupName.startsWith(u'.'))
        return fail(u"no such group \""_s + groupName + u"\""_s, ENOENT);
    const QByteArray path = QFile::encodeName(u"/run/netns/"_s + groupName);
    const int nsFd = ::open(path.constData(), O_RDONLY | O_CLOEXEC);
    if (nsFd < 0)
        return fail(u"network namespace of group \""_s + groupName + u"\""_s, errno);
    // setns changes the namespace of the calling thread only, and a socket keeps the
    // namespace it was made in: a thread of its own enters, makes the socket, and ends.
    int fd = -1;
    int code = 0;
    QString step;
    const auto work = [&] {
        if (::setns(nsFd, CLONE_NEWNET) != 0) {
            code = errno;
            step = u"entering the network namespace of group \""_s + groupName + u"\""_s;
            return;
        }
        fd = ::socket(family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
        if (fd < 0) {
            code = errno;
            step = u"socket in group \""_s + groupName + u"\""_s;
        }
    };
    try {
        std::thread worker(work);
        worker.join();
    } catch (const std::system_error &e) { // no thread to be had: an error, not a crash
        code = e.code().value();
        step = u"a thread to enter the network namespace of group \""_s + groupName + u"\""_s;
    }
    ::close(nsFd);
    if (fd < 0)
        return fail(step, code);
    return fd;
}

} // namespace gw
