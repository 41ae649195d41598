#pragma once

#include "http/httpchunkscanner.h"
#include "http/httpheadscanner.h"
#include "http/httplibparser.h"
#include "http/httplimits.h"
#include "http/httpmessagehandler.h"
#include "http/httpparseerror.h"
#include "http/httpparser.h"
#include "http/httpparserlistener.h"
#include "http/httpparserstate.h"
#include "util/expected.h"

#include <QByteArray>
#include <optional>

namespace pc {

// HttpParser's implementation: drives libhttp-parser one validated step at a time.
// Each step is a slice the scanners accepted that ends where the parser must look
// again (end of a head, end of a chunk's data, end of a message), so libhttp-parser
// only ever sees validated bytes; HttpMessageHandler cross-checks it against the
// scanners. A refused byte is reported only after libhttp-parser has had the bytes
// before it, so the first offending byte wins whatever the slicing.
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
    Expected<qsizetype, HttpScanFailure> scanStep(const char *data, qsizetype len);
    qsizetype execute(const char *data, qsizetype len);
    Unexpected<HttpParseError> fail(HttpParseError error);
    void startHead();
    void endMessage();

    HttpParser::Mode m_mode;
    HttpParserState m_state;
    HttpHeadScanner m_head;
    HttpChunkScanner m_chunks;
    HttpMessageHandler m_handler;
    HttpLibParser m_lib;
    QByteArray m_owed; // validated bytes libhttp-parser has not consumed yet (paused)
    bool m_executing = false;
    std::optional<HttpParseError> m_error;
};

} // namespace pc
