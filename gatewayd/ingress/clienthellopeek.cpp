#include "ingress/clienthellopeek.h"

#include <QByteArray>
#include <QSocketNotifier>
#include <cerrno>
#include <cstring>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

using namespace Qt::StringLiterals;

namespace gw {

namespace {

void setLowWater(qintptr descriptor, int bytes) {
    ::setsockopt(int(descriptor), SOL_SOCKET, SO_RCVLOWAT, &bytes, sizeof bytes);
}

bool peerClosed(qintptr descriptor) {
    pollfd p{int(descriptor), POLLRDHUP, 0};
    return ::poll(&p, 1, 0) > 0 && (p.revents & (POLLRDHUP | POLLHUP | POLLERR)) != 0;
}

} // namespace

ClientHelloPeek::ClientHelloPeek(qintptr descriptor, int timeoutMs, QObject *parent)
    : QObject(parent)
    , m_descriptor(descriptor) {
    m_deadline.setSingleShot(true);
    m_deadline.setInterval(timeoutMs);
    connect(&m_deadline, &QTimer::timeout, this,
            [this] { finish(false, u"no whole ClientHello within limits.headerTimeoutMs"_s); });
}

ClientHelloPeek::~ClientHelloPeek() {
    delete m_notifier;
    // Destroyed while waiting (its listener went, e.g. listen.public changed): nobody
    // else will ever own the descriptor, so the client is disconnected here.
    if (!m_done)
        ::close(int(m_descriptor));
}

void ClientHelloPeek::start() {
    m_notifier = new QSocketNotifier(m_descriptor, QSocketNotifier::Read);
    connect(m_notifier, &QSocketNotifier::activated, this, &ClientHelloPeek::readable);
    m_deadline.start();
    readable(); // the hello may be queued already
}

void ClientHelloPeek::readable() {
    if (m_done)
        return;
    QByteArray buffer(ClientHelloParser::kMaxBytes, Qt::Uninitialized);
    const ssize_t n =
        ::recv(int(m_descriptor), buffer.data(), size_t(buffer.size()), MSG_PEEK | MSG_DONTWAIT);
    if (n == 0)
        return finish(false, u"the client closed the connection before its ClientHello"_s);
    if (n < 0) {
        if (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)
            return;
        return finish(false, QString::fromLocal8Bit(std::strerror(errno)));
    }
    switch (m_parser.parse(QByteArrayView(buffer.constData(), n))) {
    case ClientHelloParser::Status::Complete:
        return finish(true, {});
    case ClientHelloParser::Status::Invalid:
        return finish(false, m_parser.error());
    case ClientHelloParser::Status::NeedMore:
        if (n <= m_seen && peerClosed(m_descriptor)) {
            // Readable without more bytes: the client half-closed after part of a hello
            // (what is queued stays peekable, so recv never says 0 here).
            return finish(false, u"the client closed the connection inside its ClientHello"_s);
        }
        m_seen = n;
        // Readable again only once more than what is queued has arrived (or at EOF).
        setLowWater(m_descriptor, int(n) + 1);
        return;
    }
}

void ClientHelloPeek::finish(bool ok, const QString &why) {
    if (m_done)
        return;
    m_done = true;
    m_deadline.stop();
    delete m_notifier; // before anyone else watches the descriptor
    m_notifier = nullptr;
    setLowWater(m_descriptor, 1);
    Q_EMIT finished(ok, why);
}

} // namespace gw
