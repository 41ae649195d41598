#include "instance/singleinstance.h"

#include "instance/instancelog.h"

#include <QDeadlineTimer>
#include <QDir>
#include <QFile>
#include <QLocalServer>
#include <QLocalSocket>
#include <QStandardPaths>
#include <QTimer>
#include <cerrno>
#include <cstring>
#include <pwd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

using namespace Qt::StringLiterals;

namespace app {

namespace {

constexpr int kServerReadTimeoutMs = 5000;
constexpr QByteArrayView kAck = "ok\n";

QString userName() {
    if (const passwd *pw = ::getpwuid(::geteuid()); pw && pw->pw_name && *pw->pw_name)
        return QString::fromLocal8Bit(pw->pw_name);
    return QString::number(::geteuid());
}

} // namespace

SingleInstance::SingleInstance(QString serverName, QObject *parent)
    : QObject(parent)
    , m_serverName(std::move(serverName)) {}

SingleInstance::~SingleInstance() = default; // the server closes and removes its socket file

bool SingleInstance::isPrivateDirectory(const QString &dir, QString *why) {
    auto fail = [why](const QString &text) {
        if (why)
            *why = text;
        return false;
    };
    struct stat st {};
    if (::lstat(QFile::encodeName(dir).constData(), &st) != 0)
        return fail(u"%1: %2"_s.arg(dir, QString::fromLocal8Bit(std::strerror(errno))));
    if (!S_ISDIR(st.st_mode))
        return fail(tr("%1 is not a directory").arg(dir));
    if (st.st_uid != ::geteuid())
        return fail(tr("%1 belongs to another user").arg(dir));
    if ((st.st_mode & 077) != 0)
        return fail(tr("%1 can be entered by other users (mode %2, expected 0700)")
                        .arg(dir)
                        .arg(st.st_mode & 07777, 4, 8, QLatin1Char('0')));
    return true;
}

QString SingleInstance::defaultServerName(QString *why) {
    const QString fileName = u"/pmproxy-"_s + userName() + u".socket"_s;
    QString runtimeProblem;
    const QString runtime = qEnvironmentVariable("XDG_RUNTIME_DIR");
    if (runtime.isEmpty())
        runtimeProblem = tr("XDG_RUNTIME_DIR is not set");
    else if (!QDir::isAbsolutePath(runtime))
        runtimeProblem = tr("XDG_RUNTIME_DIR is not an absolute path");
    else if (isPrivateDirectory(runtime, &runtimeProblem))
        return QDir::cleanPath(runtime) + fileName;

    // GenericCacheLocation: $XDG_CACHE_HOME, else ~/.cache.
    const QString cache = QStandardPaths::writableLocation(QStandardPaths::GenericCacheLocation);
    QString problem;
    if (!cache.isEmpty() && QDir::isAbsolutePath(cache)) {
        const QString dir = QDir::cleanPath(cache) + u"/pmproxy"_s;
        QDir().mkpath(cache);
        const QByteArray path = QFile::encodeName(dir);
        if (::mkdir(path.constData(), 0700) != 0 && errno != EEXIST) {
            problem = u"%1: %2"_s.arg(dir, QString::fromLocal8Bit(std::strerror(errno)));
        } else {
            // A directory of ours with looser permissions is tightened; anything else
            // (another owner, a symbolic link) is refused.
            struct stat st {};
            if (::lstat(path.constData(), &st) == 0 && S_ISDIR(st.st_mode) &&
                st.st_uid == ::geteuid() && (st.st_mode & 077) != 0)
                ::chmod(path.constData(), 0700);
            if (isPrivateDirectory(dir, &problem))
                return dir + fileName;
        }
    } else {
        problem = tr("no cache directory (HOME and XDG_CACHE_HOME are not set)");
    }
    if (why)
        *why = tr("no private directory for the instance socket (%1; %2)")
                   .arg(runtimeProblem, problem);
    return {};
}

bool SingleInstance::peerIsSameUser(qintptr fd) {
    ucred credentials{};
    socklen_t length = sizeof(credentials);
    if (fd < 0 || ::getsockopt(int(fd), SOL_SOCKET, SO_PEERCRED, &credentials, &length) != 0 ||
        length != sizeof(credentials))
        return false;
    return credentials.uid == ::geteuid();
}

bool SingleInstance::handOver(const QString &link, int timeoutMs) {
    if (m_serverName.isEmpty()) {
        m_error = tr("no instance socket");
        return false;
    }
    const QDeadlineTimer deadline(timeoutMs);
    QLocalSocket socket;
    socket.connectToServer(m_serverName);
    if (!socket.waitForConnected(int(deadline.remainingTime()))) {
        m_error = socket.errorString();
        return false;
    }
    if (!peerIsSameUser(socket.socketDescriptor())) {
        // The link carries a token: only ever to a pmproxy of the same user.
        qCWarning(lcInstance) << "the instance socket is served by another user; not handing over";
        m_error = tr("the instance socket %1 is served by another user").arg(m_serverName);
        socket.abort();
        return false;
    }
    socket.write(link.toUtf8() + '\n');
    QByteArray answer;
    while (!answer.contains('\n') && !deadline.hasExpired()) {
        if (socket.bytesToWrite() > 0)
            socket.waitForBytesWritten(int(deadline.remainingTime()));
        else if (!socket.waitForReadyRead(int(deadline.remainingTime())))
            break;
        answer += socket.readAll();
    }
    socket.disconnectFromServer();
    if (answer != kAck) {
        m_error = tr("the running pmproxy did not confirm the link");
        return false;
    }
    qCInfo(lcInstance) << "handed the link to the running instance";
    return true;
}

bool SingleInstance::listen() {
    if (m_serverName.isEmpty()) {
        m_error = tr("no instance socket");
        return false;
    }
    // Ask first: with socket options set, QLocalServer::listen() binds in a temporary
    // directory and renames the socket into place, replacing a live instance's socket
    // as silently as a stale one.
    {
        QLocalSocket probe;
        probe.connectToServer(m_serverName);
        if (probe.waitForConnected(1000)) {
            probe.abort();
            m_error = tr("another pmproxy is already running");
            return false;
        }
    }
    m_server = new QLocalServer(this);
    m_server->setSocketOptions(QLocalServer::UserAccessOption);
    connect(m_server, &QLocalServer::newConnection, this, &SingleInstance::onNewConnection);
    if (m_server->listen(m_serverName))
        return true;
    if (m_server->serverError() == QAbstractSocket::AddressInUseError) {
        // Nobody answered above: a socket file left behind by an instance that died.
        qCInfo(lcInstance) << "removing a stale instance socket" << m_serverName;
        QLocalServer::removeServer(m_serverName);
        if (m_server->listen(m_serverName))
            return true;
    }
    m_error = m_server->errorString();
    return false;
}

void SingleInstance::onNewConnection() {
    while (QLocalSocket *socket = m_server->nextPendingConnection()) {
        if (!peerIsSameUser(socket->socketDescriptor())) {
            qCWarning(lcInstance) << "refused a connection from another user";
            socket->abort();
            socket->deleteLater();
            continue;
        }
        connect(socket, &QLocalSocket::disconnected, socket, &QObject::deleteLater);
        connect(socket, &QLocalSocket::readyRead, this, [this, socket] { readMessage(socket); });
        // A client that connects and says nothing is not kept around.
        QTimer::singleShot(kServerReadTimeoutMs, socket, [socket] { socket->abort(); });
        readMessage(socket);
    }
}

void SingleInstance::readMessage(QLocalSocket *socket) {
    if (!socket->canReadLine()) {
        if (socket->bytesAvailable() > MaxMessageSize) {
            qCWarning(lcInstance) << "dropping an oversized handover message";
            socket->abort();
        }
        return;
    }
    socket->disconnect(this); // one message per connection
    QByteArray line = socket->readLine(MaxMessageSize + 1);
    if (!line.endsWith('\n')) {
        qCWarning(lcInstance) << "dropping an oversized handover message";
        socket->abort();
        return;
    }
    line.chop(1);
    socket->write(kAck.data(), kAck.size());
    socket->flush();
    socket->disconnectFromServer();
    Q_EMIT linkReceived(QString::fromUtf8(line).trimmed());
}

} // namespace app
