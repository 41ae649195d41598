#include "tunnelserver/streamrelay.h"

#include "session/trafficcounters.h"
#include "tunnel/tunnelstream.h"
#include "util/writebacklog.h"

#include <QSslSocket>

namespace gw {

namespace {
constexpr qint64 kHighWater = 256 * 1024;
constexpr qint64 kPiece = 64 * 1024;
} // namespace

StreamRelay::StreamRelay(pc::TunnelStream *stream, QSslSocket *upstream, TrafficCounters *counters,
                         QObject *parent)
    : QObject(parent)
    , m_stream(stream)
    , m_upstream(upstream)
    , m_counters(counters) {}

void StreamRelay::start(const QByteArray &upstreamLeftover) {
    pc::TunnelStream *stream = m_stream;
    QSslSocket *upstream = m_upstream;
    if (!stream || !upstream)
        return;
    upstream->setReadBufferSize(kHighWater);
    connect(stream, &QIODevice::readyRead, this, [this] { pumpUp(); });
    pc::onWriteProgress(upstream, this, [this] { pumpUp(); });
    connect(upstream, &QIODevice::readyRead, this, [this] { pumpDown(); });
    connect(stream, &QIODevice::bytesWritten, this, [this] { pumpDown(); });
    connect(upstream, &QAbstractSocket::disconnected, this, &StreamRelay::shutdown);
    connect(stream, &QIODevice::readChannelFinished, this, &StreamRelay::shutdown);
    connect(stream, &pc::TunnelStream::errorOccurred, this, &StreamRelay::shutdown);
    if (!upstreamLeftover.isEmpty()) {
        m_counters->bytesDown += quint64(upstreamLeftover.size());
        stream->write(upstreamLeftover);
    }
    pumpUp();
    pumpDown();
}

void StreamRelay::pumpUp(bool drain) {
    pc::TunnelStream *stream = m_stream;
    QSslSocket *upstream = m_upstream;
    if (m_closed || !stream || !upstream)
        return;
    while (stream->bytesAvailable() > 0 && (drain || pc::writeBacklog(upstream) < kHighWater)) {
        const QByteArray data = stream->read(kPiece);
        m_counters->bytesUp += quint64(data.size());
        upstream->write(data);
    }
}

void StreamRelay::pumpDown(bool drain) {
    pc::TunnelStream *stream = m_stream;
    QSslSocket *upstream = m_upstream;
    if (m_closed || !stream || !upstream)
        return;
    while (upstream->bytesAvailable() > 0 && (drain || stream->bytesToWrite() < kHighWater)) {
        const QByteArray data = upstream->read(kPiece);
        m_counters->bytesDown += quint64(data.size());
        stream->write(data);
    }
}

void StreamRelay::shutdown() {
    if (m_closed)
        return;
    // Deliver everything still buffered (bounded by the read buffers), then end the other
    // side: the last bytes are not dropped for being over the high-water mark.
    pumpUp(true);
    pumpDown(true);
    m_closed = true;
    QSslSocket *upstream = m_upstream;
    if (upstream && upstream->state() == QAbstractSocket::ConnectedState)
        upstream->disconnectFromHost();
    pc::TunnelStream *stream = m_stream;
    if (stream && !stream->isFinished())
        stream->finish();
    Q_EMIT closed();
}

} // namespace gw
