#include "groups/groupsockets.h"

#include <QFile>
#include <cerrno>
#include <condition_variable>
#include <cstring>
#include <fcntl.h>
#include <functional>
#include <mutex>
#include <sched.h>
#include <sys/socket.h>
#include <system_error>
#include <thread>
#include <unistd.h>

using namespace Qt::StringLiterals;

namespace gw {

namespace {

// The one thread that enters group namespaces: JOB runs on it while the caller waits.
// Started on first use and never ended (it holds nothing but its current namespace).
// False when no thread could be started.
bool inNamespaceThread(const std::function<void()> &job) {
    struct Worker {
        std::mutex mutex;
        std::condition_variable cv;
        const std::function<void()> *job = nullptr;
        bool done = false;
        bool started = false;
    };
    static Worker *const worker = [] {
        auto *w = new Worker;
        try {
            std::thread([w] {
                // Back home after each job: a thread left in a group's namespace would keep
                // that namespace alive after the group is removed.
                const int home = ::open("/proc/thread-self/ns/net", O_RDONLY | O_CLOEXEC);
                std::unique_lock lock(w->mutex);
                for (;;) {
                    w->cv.wait(lock, [w] { return w->job != nullptr; });
                    (*w->job)();
                    if (home >= 0)
                        ::setns(home, CLONE_NEWNET);
                    w->job = nullptr;
                    w->done = true;
                    w->cv.notify_all();
                }
            }).detach();
            w->started = true;
        } catch (const std::system_error &) {
        }
        return w;
    }();
    if (!worker->started)
        return false;
    static std::mutex callers; // one job at a time
    std::lock_guard one(callers);
    std::unique_lock lock(worker->mutex);
    worker->done = false;
    worker->job = &job;
    worker->cv.notify_all();
    worker->cv.wait(lock, [] { return worker->done; });
    return true;
}

} // namespace

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
    // namespace it was made in. The calling thread enters the group's namespace, makes
    // the socket and goes back at once (no hop to another thread per connection to a
    // node; a hop cost a wait and two context switches). Only when that thread's own
    // namespace cannot be held, one long-lived thread of its own does it instead.
    int fd = -1;
    int code = 0;
    QString step;
    static thread_local const int home = ::open("/proc/thread-self/ns/net", O_RDONLY | O_CLOEXEC);
    if (home >= 0) {
        if (::setns(nsFd, CLONE_NEWNET) != 0) {
            code = errno;
            step = u"entering the network namespace of group \""_s + groupName + u"\""_s;
        } else {
            fd = ::socket(family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
            code = errno;
            if (::setns(home, CLONE_NEWNET) != 0) {
                // Never seen (the thread held that namespace a moment ago); going on in a
                // group's namespace would make every later socket of this thread there.
                qFatal("cannot return to the gateway's own network namespace: %s",
                       std::strerror(errno));
            }
            if (fd < 0)
                step = u"socket in group \""_s + groupName + u"\""_s;
        }
        ::close(nsFd);
        return fd < 0 ? fail(step, code) : fd;
    }
    const bool ran = inNamespaceThread([&] {
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
    });
    if (!ran) {
        code = EAGAIN;
        step = u"a thread to enter the network namespace of group \""_s + groupName + u"\""_s;
    }
    ::close(nsFd);
    if (fd < 0)
        return fail(step, code);
    return fd;
}

} // namespace gw
