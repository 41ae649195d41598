#pragma once

#include "http/httpheadtracker.h"
#include "http/httplimits.h"
#include "http/httpllhttp.h"
#include "http/httpmessagecollector.h"
#include "http/httpparser.h"
#include "http/httpparserlistener.h"
#include "http/httpparserstate.h"
#include "http/httpstreamwindow.h"

namespace pc {

// Internal to HttpParser: receives llhttp's events, has HttpHeadTracker check them,
// gathers heads, and passes heads, body pieces, trailers and message ends to the
// listener. At a status line's end, a head's end, a chunk's end and a message's end it
// pauses llhttp (state().pending) so that HttpParserEngine learns the offset and calls
// the matching method here.
class HttpMessageHandler : public HttpLlhttp::Handler {
public:
    HttpMessageHandler(HttpParser::Mode mode, HttpParserListener *listener,
                       const HttpLimits &limits, HttpParserState &state,
                       const HttpStreamWindow &window, HttpLlhttp &lib);

    void startMessage();
    void startTrailers();
    void afterStep(qint64 end);
    // Runs the checks waiting for a byte (see HttpHeadTracker::pending()).
    void pendingChecks();

    HttpLlhttp::Verdict onSpan(HttpLlhttp::Span span, const char *at, qsizetype len) override;
    HttpLlhttp::Verdict onEvent(HttpLlhttp::Event event) override;

    // From the engine, at the offset just after the event llhttp paused on.
    std::optional<HttpParseError> statusLineEnd(qint64 end);
    // Builds the head, decides the body framing and tells llhttp (the message's body
    // phase is in state() afterwards) and hands the head to the listener.
    std::optional<HttpParseError> headEnd(qint64 end);
    std::optional<HttpParseError> messageEnd(qint64 end);

private:
    using Verdict = HttpLlhttp::Verdict;
    using Check = HttpHeadTracker::Check;

    Verdict checked(Check check);
    Verdict body(QByteArrayView piece);
    Check requestHead();
    Check responseHead();
    Check beginBody(const HttpBodyFraming &framing);
    void pauseIf(HttpParserListener::Action action);

    HttpParser::Mode m_mode;
    HttpParserListener *m_listener;
    HttpLimits m_limits;
    HttpParserState &m_state;
    const HttpStreamWindow &m_window;
    HttpLlhttp &m_lib;
    HttpHeadTracker m_tracker;
    HttpMessageCollector m_collector;
};

} // namespace pc
