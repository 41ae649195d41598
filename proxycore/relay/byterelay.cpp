#include "relay/byterelay.h"

#include "relay/deviceends.h"
#include "relay/relaylog.h"
#include "tunnel/tunnelstream.h"
#include "util/writebacklog.h"

#include <QAbstractSocket>
#include <QTimer>
#include <algorithm>

namespace pc {

ByteRelay::ByteRelay(QIODevice *client, QIODevice *upstream, QObject *parent)
    : QObject(parent)
    , m_client(client)
    , m_upstream(upstream) {}

void ByteRelay::start(const QByteArray &toClient, const QByteArray &toUpstream) {
    QIODevice *client = m_client;
    QIODevice *upstream = m_upstream;
    if (m_started || !client || !upstream)
        return;
    m_started = true;
    for (QIODevice *device : {client, upstream}) {
        if (auto *socket = qobject_cast<QAbstractSocket *>(device)) {
            socket->setReadBufferSize(kHighWater); // what is not read stays in the kernel
            connect(socket, &QAbstractSocket::disconnected, this, &ByteRelay::end);
        } else {
            connect(device, &QIODevice::readChannelFinished, this, &ByteRelay::end);
        }
    }
    auto up = [this] { pump(RelayDirection::Up); };
    auto down = [this] { pump(RelayDirection::Down); };
    connect(client, &QIODevice::readyRead, this, up);
    onWriteProgress(upstream, this, up);
    connect(upstream, &QIODevice::readyRead, this, down);
    onWriteProgress(client, this, down);
    send(RelayDirection::Down, toClient);
    send(RelayDirection::Up, toUpstream);
    pump(RelayDirection::Up);
    pump(RelayDirection::Down);
    if (!m_closed && (deviceIsOver(client) || deviceIsOver(upstream)))
        end(); // an end was over before the relay watched it
}

void ByteRelay::pump(RelayDirection direction, bool drain) {
    const bool up = direction == RelayDirection::Up;
    QIODevice *from = up ? m_client : m_upstream;
    QIODevice *to = up ? m_upstream : m_client;
    if (m_closed || !from || !to)
        return;
    if (m_ending) {
        if (up) // the client's last words are not relayed any more
            from->skip(from->bytesAvailable());
        else
            pumpToBoundary();
        return;
    }
    if (drain && !deviceIsWritable(to)) {
        // The far end is gone: what it would have got is dropped, not counted as relayed.
        from->skip(from->bytesAvailable());
        return;
    }
    QPointer<ByteRelay> self(this);
    for (;;) {
        bool wrote = false;
        while (!m_closed && from->bytesAvailable() > 0 &&
               (drain || writeBacklog(to) < kHighWater)) {
            const QByteArray data = from->read(kPiece);
            if (data.isEmpty())
                break;
            send(direction, data);
            wrote = true;
        }
        if (!wrote || m_closed)
            return;
        // To the network in this event-loop pass rather than the next. A flush made
        // inside the socket's own bytesWritten emission drains it without emitting
        // bytesWritten again, so the backlog is checked here instead of waited for.
        flushNow(to);
        if (!self || m_closed)
            return;
        from = up ? m_client : m_upstream;
        to = up ? m_upstream : m_client;
        if (!from || !to || from->bytesAvailable() == 0 ||
            (!drain && writeBacklog(to) >= kHighWater))
            return;
    }
}

void ByteRelay::send(RelayDirection direction, const QByteArray &data) {
    QIODevice *to = direction == RelayDirection::Up ? m_upstream : m_client;
    if (data.isEmpty() || !to)
        return;
    (direction == RelayDirection::Up ? m_bytesUp : m_bytesDown) += quint64(data.size());
    if (m_observer)
        m_observer->relayed(direction, data);
    to->write(data);
}

void ByteRelay::end() {
    if (m_closed)
        return;
    if (m_ending) {
        pump(RelayDirection::Up);
        pumpToBoundary();
        cut();
        return;
    }
    // Deliver everything still buffered (bounded by the read buffers and the tunnel's
    // window), then end: the last bytes are not dropped for being over the high-water mark.
    pump(RelayDirection::Up, true);
    pump(RelayDirection::Down, true);
    if (m_closed)
        return;
    m_closed = true;
    qCDebug(lcRelay) << "relay ended after" << m_bytesUp << "bytes up and" << m_bytesDown << "down";
    endDeviceGracefully(m_client);
    endDeviceGracefully(m_upstream);
    Q_EMIT closed();
}

void ByteRelay::endAtBoundary(const QByteArray &lastWords, int graceMs) {
    if (m_closed || m_ending)
        return;
    m_ending = true;
    m_lastWords = lastWords;
    QTimer::singleShot(graceMs, this, [this] {
        cut(); // the upstream never reached the boundary: the client just loses its part
    });
    pumpToBoundary();
}

void ByteRelay::pumpToBoundary() {
    QIODevice *from = m_upstream;
    if (m_closed || !from || !m_client)
        return;
    while (from->bytesAvailable() > 0) {
        const quint64 left = bytesToBoundary();
        if (left == 0)
            break;
        const QByteArray data = from->read(qint64(std::min<quint64>(left, kPiece)));
        if (data.isEmpty())
            break;
        send(RelayDirection::Down, data);
    }
    if (bytesToBoundary() == 0)
        cut();
}

void ByteRelay::cut() {
    if (m_closed)
        return;
    m_closed = true;
    endDeviceAbruptly(m_upstream);
    QIODevice *client = m_client;
    if (client && deviceIsWritable(client)) {
        if (bytesToBoundary() == 0 && !m_lastWords.isEmpty())
            client->write(m_lastWords);
        endDeviceGracefully(client); // after the last words
    }
    Q_EMIT closed();
}

quint64 ByteRelay::bytesToBoundary() const {
    return m_observer ? m_observer->bytesToBoundary() : 0;
}

} // namespace pc
