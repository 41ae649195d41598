#pragma once

#include "http/httpchunkscanner.h"
#include "http/httpheadassembler.h"
#include "http/httpheadscanner.h"
#include "http/httplibparser.h"
#include "http/httplimits.h"
#include "http/httpmessagecollector.h"
#include "http/httpparseerror.h"
#include "http/httpparser.h"
#include "http/httpparserlistener.h"
#include "util/expected.h"

#include <QByteArray>
#include <QList>
#include <optional>

namespace pc {

// HttpParser's implementation: drives libhttp-parser one validated step at a time.
// Each step is a slice the scanners accepted and that ends where the parser must look
// again (end of a head, end of a chunk's data, end of a message); libhttp-parser only
// ever sees validated bytes, and the callbacks cross-check it against the scanners.
class HttpParserEngine : private HttpLibParser::Handler {
public:
    HttpParserEngine(HttpParser::Mode mode, HttpParserListener *listener, const HttpLimits &limits);
    ~HttpParserEngine() override;

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
    enum class Phase { Head, Length, Chunked, UntilEof, Upgraded, Closed, Failed };

    // HttpLibParser::Handler
    bool onUrl(QByteArrayView piece) override;
    bool onStatus(QByteArrayView piece) override;
    bool onHeaderField(QByteArrayView piece) override;
    bool onHeaderValue(QByteArrayView piece) override;
    HttpLibParser::BodyVerdict onHeadersComplete() override;
    bool onBody(QByteArrayView piece) override;
    bool onMessageComplete() override;

    HttpLibParser::BodyVerdict requestHeadComplete();
    HttpLibParser::BodyVerdict responseHeadComplete();
    HttpLibParser::BodyVerdict bodyVerdict(HttpParserListener::Action action);
    bool refuse(HttpParseError error);
    bool isReading() const;
    Expected<qsizetype, HttpScanFailure> scanStep(const char *data, qsizetype len);
    qsizetype execute(const char *data, qsizetype len);
    Unexpected<HttpParseError> fail(HttpParseError error);
    void beginBody(const HttpBodyFraming &framing);
    void startHead();
    void endMessage();

    HttpParser::Mode m_mode;
    HttpLibParser m_lib;
    HttpParserListener *m_listener;
    HttpLimits m_limits;
    Phase m_phase = Phase::Head;
    HttpHeadScanner m_head;
    HttpChunkScanner m_chunks;
    HttpMessageCollector m_collector;
    QList<QByteArray> m_requestMethods;
    QByteArray m_owed;          // validated bytes libhttp-parser has not consumed yet (paused)
    quint64 m_remaining = 0;    // Phase::Length: body bytes not yet consumed
    quint64 m_expectedBody = 0; // Phase::Length: the whole body
    quint64 m_bodyBytes = 0;    // delivered through onBody for this message
    bool m_paused = false;
    bool m_executing = false;
    bool m_headSeen = false;
    bool m_messageComplete = false;
    bool m_upgradeAfter = false;
    bool m_closeAfter = false;
    std::optional<HttpParseError> m_callbackError;
    std::optional<HttpParseError> m_error;
};

} // namespace pc
