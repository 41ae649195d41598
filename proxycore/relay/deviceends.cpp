#include "relay/deviceends.h"

#include "tunnel/tunnelsession.h"
#include "tunnel/tunnelstream.h"

#include <QAbstractSocket>
#include <memory>
#include <utility>

namespace pc {

bool deviceIsOver(const QIODevice *device) {
    if (const auto *socket = qobject_cast<const QAbstractSocket *>(device))
        return socket->state() == QAbstractSocket::UnconnectedState;
    if (const auto *stream = qobject_cast<const TunnelStream *>(device))
        return stream->isRemoteFinished(); // a reset finishes it too
    return !device->isOpen();
}

bool deviceIsWritable(const QIODevice *device) {
    if (const auto *socket = qobject_cast<const QAbstractSocket *>(device))
        return socket->state() == QAbstractSocket::ConnectedState;
    if (const auto *stream = qobject_cast<const TunnelStream *>(device))
        return !stream->isFinished(); // a reset makes it finished
    return device->isOpen();
}

bool deviceIsAttached(const QIODevice *device) {
    if (const auto *stream = qobject_cast<const TunnelStream *>(device)) {
        const TunnelSession *session = stream->session();
        return session != nullptr && session->state() == TunnelSession::State::Attached;
    }
    return true;
}

void endDeviceGracefully(QIODevice *device) {
    if (!device)
        return;
    if (auto *socket = qobject_cast<QAbstractSocket *>(device)) {
        if (socket->state() == QAbstractSocket::ConnectedState)
            socket->disconnectFromHost();
    } else if (auto *stream = qobject_cast<TunnelStream *>(device)) {
        stream->finish();
    } else {
        device->close();
    }
}

void flushNow(QIODevice *device) {
    if (auto *socket = qobject_cast<QAbstractSocket *>(device))
        socket->flush();
}

void endDeviceAbruptly(QIODevice *device) {
    if (!device)
        return;
    if (auto *socket = qobject_cast<QAbstractSocket *>(device))
        socket->abort();
    else if (auto *stream = qobject_cast<TunnelStream *>(device))
        stream->cancel(TunnelErrorCode::Cancelled);
    else
        device->close();
}

void onDeviceEnded(QIODevice *device, QObject *context, std::function<void(QString)> ended) {
    if (auto *socket = qobject_cast<QAbstractSocket *>(device)) {
        QObject::connect(socket, &QAbstractSocket::disconnected, context,
                         [ended] { ended(QString()); });
        QObject::connect(socket, &QAbstractSocket::errorOccurred, context,
                         [socket, ended](QAbstractSocket::SocketError e) {
                             if (e != QAbstractSocket::RemoteHostClosedError)
                                 ended(socket->errorString());
                         });
    } else if (auto *stream = qobject_cast<TunnelStream *>(device)) {
        // A reset emits errorOccurred, then readChannelFinished: ENDED hears the first.
        auto said = std::make_shared<bool>(false);
        QObject::connect(stream, &TunnelStream::errorOccurred, context,
                         [ended, said](const TunnelError &e) {
                             if (!std::exchange(*said, true))
                                 ended(e.toString());
                         });
        QObject::connect(stream, &QIODevice::readChannelFinished, context, [ended, said] {
            if (!std::exchange(*said, true))
                ended(QString());
        });
    } else {
        QObject::connect(device, &QIODevice::aboutToClose, context, [ended] { ended(QString()); });
    }
}

} // namespace pc
