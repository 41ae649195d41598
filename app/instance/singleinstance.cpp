#include "instance/singleinstance.h"

#include "instance/instancelog.h"

#include <QDeadlineTimer>
#include <QDir>
#include <QLocalServer>
#include <QLocalSocket>
#include <QStandardPaths>
#include <QTimer>
#include <pwd.h>
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

QString SingleInstance::defaultServerName() {
    QString dir = QStandardPaths::writableLocation(QStandardPaths::RuntimeLocation);
    if (dir.isEmpty())
        dir = QDir::tempPath();
    QDir().mkpath(dir);
    return dir + u"/pmproxy-"_s + userName() + u".socket"_s;
}

bool SingleInstance::handOver(const QString &link, int timeoutMs) {
    const QDeadlineTimer deadline(timeoutMs);
    QLocalSocket socket;
    socket.connectToServer(m_serverName);
    if (!socket.waitForConnected(int(deadline.remainingTime()))) {
        m_error = socket.errorString();
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
