#pragma once

#include "http/httplimits.h"
#include "http/httpparseerror.h"
#include "http/httpparser.h"
#include "http/httpparserlistener.h"

#include <QByteArray>
#include <QList>
#include <optional>

namespace pc::test {

// Records every parser event as a readable transcript (bodies concatenated per
// message) plus the structured heads, and pauses when asked to.
class RecordingListener : public HttpParserListener {
public:
    Action onRequestHead(const HttpRequestHead &head) override;
    Action onResponseHead(const HttpResponseHead &head) override;
    Action onBody(QByteArrayView data) override;
    void onTrailers(const HttpHeaders &trailers) override;
    Action onMessageComplete() override;

    bool pauseOnHead = false;
    bool pauseOnBody = false;
    bool pauseOnComplete = false;

    QByteArray transcript;
    QList<HttpRequestHead> requests;
    QList<HttpResponseHead> responses;
    QList<QByteArray> bodies; // one per completed message
    QList<HttpHeaders> trailers;
    QList<qsizetype> pieceSizes;
    qsizetype maxPieceSize = 0;
    int completed = 0;

private:
    QByteArray m_body;
};

struct RunOptions {
    qsizetype slice = 0; // 0: everything in one feed() call
    HttpLimits limits;
    QList<QByteArray> requestMethods; // response mode
    bool finish = false;              // call finish() after the input
    bool pauseOnHead = false;
    bool pauseOnBody = false;
    bool pauseOnComplete = false;
};

struct RunResult {
    RecordingListener listener;
    std::optional<HttpParseError> error;
    HttpParser::State state = HttpParser::State::Head;
    QByteArray rest; // bytes left unconsumed when the parser stopped (upgrade/close)
    bool finishedMessage = false;
    int pauses = 0;
};

// Feeds `input` to a fresh parser in slices, resuming after every pause and feeding
// the unconsumed bytes again, as a proxy would.
RunResult run(HttpParser::Mode mode, const QByteArray &input, const RunOptions &options = {});
RunResult runRequest(const QByteArray &input, const RunOptions &options = {});
RunResult runResponse(const QByteArray &input, const RunOptions &options = {});

// The error a request is refused with, checked to be the same whether fed at once or
// a byte at a time (and with pauses); nullopt if accepted.
std::optional<HttpParseError> requestError(const QByteArray &input, const HttpLimits &limits = {});
std::optional<HttpParseError> responseError(const QByteArray &input,
                                            const QByteArray &method = "GET");

} // namespace pc::test
