#include "server/bytepipe.h"

#include "util/writebacklog.h"

#include <QAbstractSocket>
#include <QTimer>
#include <algorithm>

namespace gw {

namespace {
constexpr qint64 kHighWater = 256 * 1024;
constexpr qint64 kPiece = 64 * 1024;
} // namespace

BytePipe::BytePipe(QAbstractSocket *client, QAbstractSocket *upstream, QObject *parent)
    : QObject(parent)
    , m_client(client)
    , m_upstream(upstream) {}

void BytePipe::start(const QByteArray &upstreamLeftover) {
    for (QAbstractSocket *s : {m_client.data(), m_upstream.data()})
        s->setReadBufferSize(kHighWater);
    auto up = [this] { pump(m_client, m_upstream, m_bytesUp); };
    auto down = [this] { pump(m_upstream, m_client, m_bytesDown); };
    connect(m_client, &QIODevice::readyRead, this, up);
    pc::onWriteProgress(m_upstream, this, up);
    connect(m_upstream, &QIODevice::readyRead, this, down);
    pc::onWriteProgress(m_client, this, down);
    connect(m_client, &QAbstractSocket::disconnected, this, &BytePipe::shutdown);
    connect(m_upstream, &QAbstractSocket::disconnected, this, &BytePipe::shutdown);
    if (!upstreamLeftover.isEmpty()) {
        m_bytesDown += quint64(upstreamLeftover.size());
        const quint64 messages = m_wsDown.feed(upstreamLeftover);
        if (m_counters)
            m_counters->wsMessages += messages;
        m_client->write(upstreamLeftover);
    }
    up();
    down();
}

void BytePipe::pump(QAbstractSocket *from, QAbstractSocket *to, quint64 &counter, bool drain) {
    if (m_closed || !from || !to)
        return;
    const bool up = from == m_client;
    if (m_ending) {
        if (up) { // the client's last words are not relayed any more
            from->skip(from->bytesAvailable());
            return;
        }
        // Toward the client: only up to the end of the frame in flight.
        while (from->bytesAvailable() > 0 && !m_wsDown.atFrameBoundary()) {
            const qint64 n = qint64(std::min<quint64>(m_wsDown.bytesToFrameEnd(), kPiece));
            const QByteArray data = from->read(n);
            counter += quint64(data.size());
            m_wsDown.feed(data);
            to->write(data);
        }
        if (m_wsDown.atFrameBoundary())
            finishEnding();
        return;
    }
    while (from->bytesAvailable() > 0 && (drain || pc::writeBacklog(to) < kHighWater)) {
        const QByteArray data = from->read(kPiece);
        counter += quint64(data.size());
        const quint64 messages = (up ? m_wsUp : m_wsDown).feed(data);
        if (m_counters) {
            if (up)
                m_counters->bytesUp += quint64(data.size());
            m_counters->wsMessages += messages;
        }
        to->write(data);
    }
}

void BytePipe::endWebSocket(quint16 code, const QByteArray &reason, int graceMs) {
    if (m_closed || m_ending)
        return;
    m_ending = true;
    // RFC 6455 5.5.1: a Close frame from the server, unmasked, payload <= 125 bytes.
    const QByteArray text = reason.left(123);
    m_closeFrame.append(char(0x88)).append(char(2 + text.size()));
    m_closeFrame.append(char(code >> 8)).append(char(code & 0xff)).append(text);
    QTimer::singleShot(graceMs, this, [this] {
        if (!m_closed)
            finishEnding(); // the BMC never finished its frame: the client just loses it
    });
    pump(m_upstream, m_client, m_bytesDown);
}

void BytePipe::finishEnding() {
    if (m_closed)
        return;
    m_closed = true;
    if (QAbstractSocket *upstream = m_upstream.data())
        upstream->abort();
    QAbstractSocket *client = m_client.data();
    if (client && client->state() == QAbstractSocket::ConnectedState) {
        if (m_wsDown.atFrameBoundary())
            client->write(m_closeFrame);
        client->disconnectFromHost(); // flushes the Close frame first
    }
    Q_EMIT closed();
}

void BytePipe::shutdown() {
    if (m_closed)
        return;
    // Deliver everything still buffered (bounded by the read buffers), then close: the
    // last bytes of a connection are not dropped for being over the high-water mark.
    pump(m_client, m_upstream, m_bytesUp, true);
    pump(m_upstream, m_client, m_bytesDown, true);
    m_closed = true;
    for (QAbstractSocket *s : {m_client.data(), m_upstream.data()}) {
        if (s && s->state() == QAbstractSocket::ConnectedState)
            s->disconnectFromHost(); // flushes pending writes first
    }
    Q_EMIT closed();
}

} // namespace gw
