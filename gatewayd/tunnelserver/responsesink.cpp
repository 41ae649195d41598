#include "tunnelserver/responsesink.h"

#include "session/trafficcounters.h"
#include "tunnel/tunnelstream.h"

#include <utility>

namespace gw {

ResponseSink::ResponseSink(pc::TunnelStream *stream, const QByteArray &method,
                           TrafficCounters *counters, QObject *parent)
    : QIODevice(parent)
    , m_stream(stream)
    , m_counters(counters)
    , m_parser(std::make_unique<pc::HttpParser>(pc::HttpParser::Mode::Response,
                                                static_cast<pc::HttpParserListener *>(this))) {
    m_parser->pushRequestMethod(method);
    open(QIODevice::WriteOnly | QIODevice::Unbuffered);
    connect(stream, &QIODevice::bytesWritten, this, &QIODevice::bytesWritten);
}

ResponseSink::~ResponseSink() = default;

qint64 ResponseSink::bytesToWrite() const {
    const pc::TunnelStream *stream = m_stream;
    return stream ? stream->bytesToWrite() : 0;
}

qint64 ResponseSink::writeData(const char *data, qint64 size) {
    pc::TunnelStream *stream = m_stream;
    if (!stream || m_broken)
        return -1;
    if (m_counters)
        m_counters->bytesDown += quint64(size);
    QByteArrayView view(data, size);
    while (!view.isEmpty() && !m_switched) {
        auto consumed = m_parser->feed(view);
        if (!consumed) {
            // ProxyExchange only writes what it serialized itself: a parse failure here
            // is a bug, and the stream is reset rather than sent garbage.
            m_broken = true;
            stream->cancel(pc::TunnelErrorCode::Internal, consumed.error().message);
            return -1;
        }
        view = view.sliced(*consumed);
        if (m_parser->state() == pc::HttpParser::State::Upgraded)
            m_switched = true;
        else if (*consumed == 0)
            break;
    }
    if (m_switched && !view.isEmpty())
        stream->write(view.data(), view.size());
    return size;
}

pc::HttpParserListener::Action ResponseSink::onResponseHead(const pc::HttpResponseHead &head) {
    if (head.isInformational() && head.status != 101) {
        // 100 Continue and the like: the tunnel carries one head per stream (the final
        // one; its flow control does the job of a 100). The interim message completes
        // too: that is not the end of the response.
        m_interim = true;
        return Action::Continue;
    }
    m_switching = head.status == 101;
    pc::HttpResponseHead out = head;
    // The tunnel carries no HTTP/1.x framing: the app frames the body for its client.
    out.headers.remove("Transfer-Encoding");
    m_stream->sendResponse(out);
    return Action::Continue;
}

pc::HttpParserListener::Action ResponseSink::onBody(QByteArrayView data) {
    m_stream->write(data.data(), data.size());
    return Action::Continue;
}

pc::HttpParserListener::Action ResponseSink::onMessageComplete() {
    if (std::exchange(m_interim, false))
        return Action::Continue; // the final response is still to come
    if (m_switching)
        return Action::Continue; // a 101 "completes" too; the raw bytes follow
    m_complete = true;
    m_stream->finish();
    return Action::Continue;
}

} // namespace gw
