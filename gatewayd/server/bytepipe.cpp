#include "server/bytepipe.h"

#include "util/writebacklog.h"

#include <QAbstractSocket>

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
        if (m_counters)
            m_counters->wsMessages += m_wsDown.feed(upstreamLeftover);
        m_client->write(upstreamLeftover);
    }
    up();
    down();
}

void BytePipe::pump(QAbstractSocket *from, QAbstractSocket *to, quint64 &counter, bool drain) {
    if (m_closed || !from || !to)
        return;
    while (from->bytesAvailable() > 0 && (drain || pc::writeBacklog(to) < kHighWater)) {
        const QByteArray data = from->read(kPiece);
        counter += quint64(data.size());
        if (m_counters) {
            const bool up = from == m_client;
            if (up)
                m_counters->bytesUp += quint64(data.size());
            m_counters->wsMessages += (up ? m_wsUp : m_wsDown).feed(data);
        }
        to->write(data);
    }
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
