#include "agentupgrade.h"

#include "agent/agentwire.h"

#include <QEventLoop>
#include <QRandomGenerator>
#include <QSslSocket>
#include <QTimer>

using namespace Qt::StringLiterals;

UpgradeReply agentUpgrade(const QString &host, quint16 port, const QByteArray &authorization,
                          int timeoutMs) {
    UpgradeReply reply;
    QByteArray key(16, Qt::Uninitialized);
    QRandomGenerator::global()->fillRange(reinterpret_cast<quint32 *>(key.data()), 4);
    const QByteArray request = "GET " + QByteArray(pc::agentwire::kPath) +
                               " HTTP/1.1\r\nHost: " + host.toLatin1() + ':' +
                               QByteArray::number(port) +
                               "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                               "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: " +
                               key.toBase64() + "\r\nAuthorization: " + authorization + "\r\n\r\n";
    QSslSocket socket;
    socket.setPeerVerifyMode(QSslSocket::VerifyNone);
    QEventLoop loop;
    QTimer deadline;
    deadline.setSingleShot(true);
    QObject::connect(&deadline, &QTimer::timeout, &loop, [&] {
        reply.error = u"no complete answer in time"_s;
        loop.quit();
    });
    QByteArray in;
    qint64 bodyLength = -1;
    auto complete = [&] {
        const qsizetype end = in.indexOf("\r\n\r\n");
        if (end < 0)
            return false;
        if (reply.head.isEmpty()) {
            reply.head = in.left(end);
            reply.status = in.mid(9, 3).toInt();
            for (const QByteArray &line : reply.head.split('\n')) {
                if (line.toLower().startsWith("content-length:"))
                    bodyLength = line.mid(15).trimmed().toLongLong();
            }
        }
        reply.body = in.mid(end + 4);
        return reply.status == 101 || (bodyLength >= 0 && reply.body.size() >= bodyLength);
    };
    QObject::connect(&socket, &QSslSocket::encrypted, &loop, [&] { socket.write(request); });
    QObject::connect(&socket, &QIODevice::readyRead, &loop, [&] {
        in += socket.readAll();
        if (complete())
            loop.quit();
    });
    QObject::connect(&socket, &QAbstractSocket::disconnected, &loop, [&] {
        in += socket.readAll();
        complete();
        if (reply.status == 0)
            reply.error = u"closed without an answer: "_s + socket.errorString();
        loop.quit();
    });
    QObject::connect(&socket, &QAbstractSocket::errorOccurred, &loop, [&] {
        if (socket.state() != QAbstractSocket::ConnectedState && reply.status == 0) {
            reply.error = socket.errorString();
            loop.quit();
        }
    });
    socket.connectToHostEncrypted(host, port);
    deadline.start(timeoutMs);
    loop.exec();
    socket.abort();
    return reply;
}
