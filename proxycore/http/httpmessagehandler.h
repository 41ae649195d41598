#pragma once

#include "http/httpchunkscanner.h"
#include "http/httpheadscanner.h"
#include "http/httplibparser.h"
#include "http/httplimits.h"
#include "http/httpmessagecollector.h"
#include "http/httpparser.h"
#include "http/httpparserlistener.h"
#include "http/httpparserstate.h"

namespace pc {

// Internal to HttpParser: receives libhttp-parser's events, assembles heads (checked
// against the scanners by HttpHeadAssembler), sets up the body phase, and passes
// heads, body pieces, trailers and message ends to the listener, pausing
// libhttp-parser when the listener asks and at every message end.
class HttpMessageHandler : public HttpLibParser::Handler {
public:
    HttpMessageHandler(HttpParser::Mode mode, HttpParserListener *listener,
                       const HttpLimits &limits, HttpParserState &state,
                       const HttpHeadScanner &head, HttpChunkScanner &chunks);

    void setLibParser(HttpLibParser *lib);
    void startMessage();

    bool onUrl(QByteArrayView piece) override;
    bool onStatus(QByteArrayView piece) override;
    bool onHeaderField(QByteArrayView piece) override;
    bool onHeaderValue(QByteArrayView piece) override;
    HttpLibParser::BodyVerdict onHeadersComplete() override;
    bool onBody(QByteArrayView piece) override;
    bool onMessageComplete() override;

private:
    HttpLibParser::BodyVerdict requestHeadComplete();
    HttpLibParser::BodyVerdict responseHeadComplete();
    HttpLibParser::BodyVerdict bodyVerdict(HttpParserListener::Action action);
    void beginBody(const HttpBodyFraming &framing);
    void pauseIf(HttpParserListener::Action action);
    bool refuse(HttpParseError error);

    HttpParser::Mode m_mode;
    HttpParserListener *m_listener;
    HttpLimits m_limits;
    HttpParserState &m_state;
    const HttpHeadScanner &m_head;
    HttpChunkScanner &m_chunks;
    HttpLibParser *m_lib = nullptr;
    HttpMessageCollector m_collector;
};

} // namespace pc
