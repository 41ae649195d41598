#include "tunnel/tunnelstream.h"

#include "tunnel/tunnelsession.h"

#include <cstring>

using namespace Qt::StringLiterals;

namespace pc {

TunnelStream::TunnelStream(TunnelSession *session, quint32 id, TunnelStreamKind kind, bool local,
                           HttpRequestHead request)
    : QIODevice(session)
    , m_session(session)
    , m_id(id)
    , m_kind(kind)
    , m_local(local)
    , m_request(std::move(request)) {
    QIODevice::open(QIODevice::ReadWrite | QIODevice::Unbuffered);
    m_headQueued = local; // the Open
}

TunnelStream::~TunnelStream() {
    if (TunnelSession *owner = m_session.data())
        owner->streamDestroyed(this);
}

TunnelSession *TunnelStream::session() const {
    return m_session;
}

void TunnelStream::sendResponse(const HttpResponseHead &head) {
    if (m_local || m_response || m_over || m_finishQueued)
        return;
    m_response = head;
    m_headQueued = true;
    if (TunnelSession *owner = m_session.data())
        owner->streamHasOutput(this);
}

void TunnelStream::finish() {
    if (m_finishQueued || m_over)
        return;
    m_finishQueued = true;
    if (TunnelSession *owner = m_session.data())
        owner->streamHasOutput(this);
}

void TunnelStream::cancel(TunnelErrorCode code, const QString &message) {
    if (m_over || m_resetQueued)
        return;
    m_resetQueued = TunnelError{code, message.isEmpty() ? TunnelError::codeName(code) : message};
    m_out.clear();
    m_outBytes = 0;
    if (TunnelSession *owner = m_session.data())
        owner->streamHasOutput(this);
}

qint64 TunnelStream::bytesAvailable() const {
    return m_inBytes + QIODevice::bytesAvailable();
}

bool TunnelStream::atEnd() const {
    return m_inBytes == 0 && (m_remoteFinished || m_over || m_readClosed);
}

bool TunnelStream::canReadLine() const {
    qint64 skip = m_inFrontOffset;
    for (const QByteArray &piece : m_in) {
        if (piece.indexOf('\n', skip) >= 0)
            return true;
        skip = 0;
    }
    return QIODevice::canReadLine();
}

void TunnelStream::close() {
    if (!isOpen())
        return;
    finish();
    m_readClosed = true;
    const qint64 dropped = m_inBytes;
    m_in.clear();
    m_inBytes = 0;
    m_inFrontOffset = 0;
    QIODevice::close();
    TunnelSession *owner = m_session.data();
    if (dropped > 0 && owner) {
        m_consumed += quint64(dropped);
        owner->streamConsumed(this);
    }
}

qint64 TunnelStream::readData(char *data, qint64 maxSize) {
    qint64 done = 0;
    while (done < maxSize && !m_in.empty()) {
        const QByteArray &front = m_in.front();
        const qint64 n = qMin(maxSize - done, front.size() - m_inFrontOffset);
        std::memcpy(data + done, front.constData() + m_inFrontOffset, size_t(n));
        done += n;
        m_inFrontOffset += n;
        if (m_inFrontOffset == front.size()) {
            m_in.pop_front();
            m_inFrontOffset = 0;
        }
    }
    m_inBytes -= done;
    if (done > 0) {
        m_consumed += quint64(done);
        if (TunnelSession *owner = m_session.data())
            owner->streamConsumed(this);
    } else if (m_remoteFinished || m_over) {
        return -1; // end of the stream
    }
    return done;
}

qint64 TunnelStream::writeData(const char *data, qint64 maxSize) {
    TunnelSession *owner = m_session.data();
    if (m_finishQueued || m_over || m_resetQueued || !owner) {
        setErrorString(u"the stream is closed for writing"_s);
        return -1;
    }
    const qint64 room = owner->options().streamWriteLimit - m_outBytes;
    const qint64 n = qMin(maxSize, room);
    if (n <= 0)
        return 0;
    m_out.emplace_back(data, n);
    m_outBytes += n;
    owner->streamHasOutput(this);
    return n;
}

void TunnelStream::receive(QByteArray data) {
    m_recvOffset += quint64(data.size());
    if (m_readClosed) {
        m_consumed += quint64(data.size());
        if (TunnelSession *owner = m_session.data())
            owner->streamConsumed(this);
        return;
    }
    m_inBytes += data.size();
    m_in.push_back(std::move(data));
    Q_EMIT readyRead();
}

QByteArray TunnelStream::takeOutput(qint64 maxBytes) {
    QByteArray out;
    if (!m_out.empty() && m_out.front().size() <= maxBytes) {
        out = std::move(m_out.front());
        m_out.pop_front();
    }
    while (!m_out.empty() && out.size() < maxBytes) {
        QByteArray &front = m_out.front();
        const qint64 n = qMin(maxBytes - out.size(), front.size());
        out.append(front.constData(), n);
        if (n == front.size())
            m_out.pop_front();
        else
            front.remove(0, n);
    }
    m_outBytes -= out.size();
    return out;
}

void TunnelStream::markRemoteFinished() {
    m_remoteFinished = true;
    Q_EMIT readChannelFinished();
}

void TunnelStream::fail(const TunnelError &error) {
    if (m_over)
        return;
    m_error = error;
    m_out.clear();
    m_outBytes = 0;
    const bool wasFinished = m_remoteFinished;
    m_remoteFinished = true;
    QPointer<TunnelStream> self(this);
    Q_EMIT errorOccurred(error);
    if (self && !wasFinished)
        Q_EMIT readChannelFinished();
    if (self)
        markOver();
}

void TunnelStream::markOver() {
    if (m_over)
        return;
    m_over = true;
    Q_EMIT finished();
}

} // namespace pc
