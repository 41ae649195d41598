#pragma once

#include "tunnel/tunnelerror.h"
#include "tunnel/tunnelheads.h"

#include <QIODevice>
#include <QPointer>
#include <deque>
#include <optional>

namespace pc {

class TunnelSession;

// One stream of a TunnelSession, used like a socket: a sequential QIODevice whose
// reads return what the peer sent (an HTTP body, or a WebSocket's raw bytes after a
// 101) and whose writes go to the peer. Reading grants the peer more credit, so a
// reader that stops reading stops the sender. Writes are queued per stream and sent
// fairly with the other streams; bytesToWrite() is the queue (pause while it is over
// TunnelOptions::streamWriteHighWater, resume on bytesWritten(), as with a socket);
// writes beyond streamWriteLimit are refused (write() returns less).
//
// Ends: finish() half-closes (the peer reads to the end, readChannelFinished() here
// says the peer did the same); cancel() aborts both directions. finished() is emitted
// once when both directions are over; the stream then only holds unread data.
// The application owns the object (delete it when done; deleting it earlier resets
// the stream). Created by TunnelSession::openStream() or TunnelSession::newStream().
class TunnelStream : public QIODevice {
    Q_OBJECT
public:
    ~TunnelStream() override;

    quint32 id() const { return m_id; }
    TunnelStreamKind kind() const { return m_kind; }
    bool isLocal() const { return m_local; }
    TunnelSession *session() const;

    // The request: what openStream() sent, or what the peer's Open carried.
    const HttpRequestHead &requestHead() const { return m_request; }
    // The response: received (local streams) or sent (peer streams).
    bool hasResponse() const { return m_response.has_value(); }
    const HttpResponseHead &responseHead() const { return *m_response; }
    // On a stream the peer opened: answer with HEAD; data written before it waits.
    void sendResponse(const HttpResponseHead &head);

    void finish();
    // (Not reset(): that name is QIODevice's, with another meaning.)
    void cancel(TunnelErrorCode code = TunnelErrorCode::Cancelled, const QString &message = {});

    bool isRemoteFinished() const { return m_remoteFinished; }
    bool isFinished() const { return m_over; }
    // Everything written and finish() have gone out to the peer (see finishSent()).
    bool isFinishSent() const { return m_finSent; }
    const std::optional<TunnelError> &error() const { return m_error; }

    // Flow-control state, for tests and metrics.
    quint64 bytesSent() const { return m_sendOffset; }
    quint64 bytesReceived() const { return m_recvOffset; }
    quint64 sendLimit() const { return m_sendLimit; }
    qint64 receiveBuffered() const { return m_inBytes; }

    bool isSequential() const override { return true; }
    qint64 bytesAvailable() const override;
    qint64 bytesToWrite() const override { return m_outBytes; }
    bool atEnd() const override;
    bool canReadLine() const override;
    // Half-closes the write side and stops reading (what still arrives is discarded
    // and credited, so the peer never stalls on it).
    void close() override;

Q_SIGNALS:
    void responseReceived();
    void errorOccurred(const pc::TunnelError &error);
    void finished();
    // Our end of the stream (Close) went out, after everything written before it.
    void finishSent();

protected:
    qint64 readData(char *data, qint64 maxSize) override;
    qint64 writeData(const char *data, qint64 maxSize) override;

private:
    friend class TunnelSession;
    TunnelStream(TunnelSession *session, quint32 id, TunnelStreamKind kind, bool local,
                 HttpRequestHead request);

    // Called by the session.
    void receive(QByteArray data);
    QByteArray takeOutput(qint64 maxBytes);
    void markRemoteFinished();
    void fail(const TunnelError &error); // reset by the peer or the session
    void markOver();

    QPointer<TunnelSession> m_session;
    quint32 m_id;
    TunnelStreamKind m_kind;
    bool m_local;
    HttpRequestHead m_request;
    std::optional<HttpResponseHead> m_response;

    // Sending.
    bool m_headSent = false;   // Open (local) or Response (peer stream) went out
    bool m_headQueued = false; // ... is waiting to go out
    bool m_finishQueued = false;
    bool m_finSent = false;
    std::optional<TunnelError> m_resetQueued;
    std::deque<QByteArray> m_out;
    qint64 m_outBytes = 0;
    quint64 m_sendOffset = 0;
    quint64 m_sendLimit = 0;

    // Receiving.
    std::deque<QByteArray> m_in;
    qint64 m_inBytes = 0;
    qint64 m_inFrontOffset = 0; // bytes of m_in.front() already read
    quint64 m_recvOffset = 0;
    quint64 m_consumed = 0;
    quint64 m_advertised = 0;
    bool m_windowUpdateDue = false;
    bool m_readClosed = false;
    bool m_remoteFinished = false;

    bool m_over = false;
    std::optional<TunnelError> m_error;
};

} // namespace pc
