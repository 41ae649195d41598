#pragma once

#include "http/httpparser.h"
#include "http/httpparserlistener.h"

#include <QIODevice>
#include <QPointer>
#include <memory>

namespace pc {
class TunnelStream;
}

namespace gw {

struct TrafficCounters;

// The client side of a ProxyExchange whose client is a tunnel stream: ProxyExchange
// writes an HTTP/1.1 response (head, framed body); the tunnel carries heads and bodies
// without HTTP/1.x framing, so this device parses what is written and hands the stream
// the head (sendResponse) and the unframed body, then finishes the stream. Back-pressure
// passes through: bytesToWrite() is the stream's queue and bytesWritten() follows it, so
// the exchange reads the BMC only while the tunnel keeps up.
class ResponseSink : public QIODevice, private pc::HttpParserListener {
    Q_OBJECT
public:
    // METHOD is the request's (a HEAD response has no body). COUNTERS (may be null) get
    // every byte written here in bytesDown (the response as HTTP/1.1, then raw bytes).
    ResponseSink(pc::TunnelStream *stream, const QByteArray &method, TrafficCounters *counters,
                 QObject *parent = nullptr);
    ~ResponseSink() override;

    bool isSequential() const override { return true; }
    qint64 bytesToWrite() const override;
    // A 101 went through: what follows is not HTTP (the caller relays raw bytes).
    bool switched() const { return m_switched; }
    bool complete() const { return m_complete; }

protected:
    qint64 readData(char *, qint64) override { return -1; }
    qint64 writeData(const char *data, qint64 size) override;

private:
    Action onResponseHead(const pc::HttpResponseHead &head) override;
    Action onBody(QByteArrayView data) override;
    Action onMessageComplete() override;

    QPointer<pc::TunnelStream> m_stream;
    TrafficCounters *m_counters;
    std::unique_ptr<pc::HttpParser> m_parser;
    bool m_interim = false;   // a 1xx head (not 101) was parsed: its end is not the end
    bool m_switching = false; // the head was a 101
    bool m_switched = false;  // ... and the parser has passed it
    bool m_complete = false;
    bool m_broken = false;
};

} // namespace gw
