#pragma once

#include "http/httpchunkline.h"
#include "http/httplimits.h"
#include "http/httpllhttp.h"
#include "http/httpmessagehandler.h"
#include "http/httpparseerror.h"
#include "http/httpparser.h"
#include "http/httpparserlistener.h"
#include "http/httpparserstate.h"
#include "http/httpstreamwindow.h"
#include "util/expected.h"

#include <QByteArray>
#include <optional>

namespace pc {

// HttpParser's implementation: drives llhttp over the input, one step at a time. A step
// ends where llhttp paused for HttpMessageHandler (end of a status line, head, chunk or
// message) or for the listener, or where this driver reads the bytes itself: the empty
// lines allowed before a message and the chunk extensions (HttpChunkLine).
class HttpParserEngine {
public:
    HttpParserEngine(HttpParser::Mode mode, HttpParserListener *listener, const HttpLimits &limits);
    ~HttpParserEngine();
    HttpParserEngine(const HttpParserEngine &) = delete;
    HttpParserEngine &operator=(const HttpParserEngine &) = delete;

    Expected<qsizetype, HttpParseError> feed(QByteArrayView data);
    Expected<bool, HttpParseError> finish();
    bool isPaused() const;
    void resume();
    void pushRequestMethod(QByteArray method);
    qsizetype pendingRequestMethods() const;
    void reset();
    HttpParser::Mode mode() const;
    HttpParser::State state() const;
    std::optional<HttpParseError> error() const;

private:
    using Phase = HttpParserState::Phase;

    bool isReading() const;
    qsizetype step(const char *data, qsizetype len);
    qsizetype leadingLines(const char *data, qsizetype len);
    qsizetype chunkLine(const char *data, qsizetype len);
    qsizetype execute(const char *data, qsizetype len);
    qsizetype paused(const char *data, qsizetype consumed);
    qsizetype owe(const char *data, qsizetype consumed);
    void refused(const char *data, qsizetype len, const HttpLlhttp::Result &result);
    Unexpected<HttpParseError> fail(HttpParseError error);
    Unexpected<HttpParseError> failDeferred(int byte);
    void startMessage();
    void endMessage();

    HttpParser::Mode m_mode;
    HttpParserState m_state;
    HttpStreamWindow m_window;
    HttpLlhttp m_lib;
    HttpMessageHandler m_handler;
    HttpChunkLine m_chunkLine;
    QByteArray m_owed; // bytes llhttp consumed but feed() did not report (listener pause)
    struct DeferredError {
        int code;
        const char *reason;
        int previous;
    };
    std::optional<DeferredError> m_deferred; // llhttp refused at the slice's end
    bool m_executing = false;
    std::optional<HttpParseError> m_error;
};

} // namespace pc
