#include "httptestsupport.h"

#include <QLoggingCategory>
#include <catch2/catch.hpp>

namespace pc::test {

namespace {

// Refusals are logged at debug level; thousands of them would drown the test output.
const bool quietLogs = [] {
    QLoggingCategory::setFilterRules(QStringLiteral("pmproxy.http.debug=false"));
    return true;
}();

QByteArray framingText(const HttpBodyFraming &f) {
    switch (f.kind) {
    case HttpBodyFraming::Kind::None:
        return "none";
    case HttpBodyFraming::Kind::Length:
        return "length " + QByteArray::number(f.length);
    case HttpBodyFraming::Kind::Chunked:
        return "chunked";
    case HttpBodyFraming::Kind::UntilEof:
        return "until-eof";
    }
    return {};
}

QByteArray headersText(const HttpHeaders &headers) {
    QByteArray out;
    for (const HttpHeaders::Field &f : headers)
        out += "  " + f.name + ": [" + f.value + "]\n";
    return out;
}

QByteArray versionText(HttpVersion v) {
    return v == HttpVersion::Http1_0 ? "1.0" : "1.1";
}

} // namespace

HttpParserListener::Action RecordingListener::onRequestHead(const HttpRequestHead &head) {
    requests.append(head);
    transcript += "REQUEST " + head.method + " " + head.target + " " + versionText(head.version) +
                  " framing " + framingText(head.framing) + "\n" + headersText(head.headers);
    return pauseOnHead ? Action::Pause : Action::Continue;
}

HttpParserListener::Action RecordingListener::onResponseHead(const HttpResponseHead &head) {
    responses.append(head);
    transcript += "RESPONSE " + QByteArray::number(head.status) + " [" + head.reason + "] " +
                  versionText(head.version) + " framing " + framingText(head.framing) + "\n" +
                  headersText(head.headers);
    return pauseOnHead ? Action::Pause : Action::Continue;
}

HttpParserListener::Action RecordingListener::onBody(QByteArrayView data) {
    m_body += data;
    pieceSizes.append(data.size());
    maxPieceSize = std::max(maxPieceSize, data.size());
    return pauseOnBody ? Action::Pause : Action::Continue;
}

void RecordingListener::onTrailers(const HttpHeaders &t) {
    trailers.append(t);
    transcript += "TRAILERS\n" + headersText(t);
}

HttpParserListener::Action RecordingListener::onMessageComplete() {
    transcript += "BODY [" + m_body + "]\nEND\n";
    bodies.append(m_body);
    m_body.clear();
    ++completed;
    return pauseOnComplete ? Action::Pause : Action::Continue;
}

RunResult run(HttpParser::Mode mode, const QByteArray &input, const RunOptions &options) {
    RunResult r;
    r.listener.pauseOnHead = options.pauseOnHead;
    r.listener.pauseOnBody = options.pauseOnBody;
    r.listener.pauseOnComplete = options.pauseOnComplete;
    HttpParser parser(mode, &r.listener, options.limits);
    for (const QByteArray &m : options.requestMethods)
        parser.pushRequestMethod(m);
    QByteArray buffer;
    qsizetype offset = 0;
    while (offset < input.size() || !buffer.isEmpty()) {
        if (offset < input.size()) {
            const qsizetype n = options.slice > 0 ? std::min(options.slice, input.size() - offset)
                                                  : input.size() - offset;
            buffer += input.mid(offset, n);
            offset += n;
        }
        while (!buffer.isEmpty()) {
            const Expected<qsizetype, HttpParseError> fed = parser.feed(buffer);
            if (!fed) {
                r.error = fed.error();
                REQUIRE(parser.state() == HttpParser::State::Failed);
                r.state = parser.state();
                return r;
            }
            buffer.remove(0, *fed);
            if (parser.isPaused()) {
                ++r.pauses;
                parser.resume();
                continue;
            }
            if (parser.state() == HttpParser::State::Upgraded ||
                parser.state() == HttpParser::State::Closed) {
                r.rest = buffer + input.mid(offset);
                r.state = parser.state();
                return r;
            }
            REQUIRE(buffer.isEmpty()); // feed() consumes everything unless it stopped
        }
    }
    if (options.finish) {
        const Expected<bool, HttpParseError> done = parser.finish();
        if (!done)
            r.error = done.error();
        else
            r.finishedMessage = *done;
    }
    r.state = parser.state();
    return r;
}

RunResult runRequest(const QByteArray &input, const RunOptions &options) {
    return run(HttpParser::Mode::Request, input, options);
}

RunResult runResponse(const QByteArray &input, const RunOptions &options) {
    return run(HttpParser::Mode::Response, input, options);
}

namespace {

std::optional<HttpParseError> consistentError(HttpParser::Mode mode, const QByteArray &input,
                                              RunOptions options) {
    const RunResult whole = run(mode, input, options);
    options.slice = 1;
    const RunResult bytewise = run(mode, input, options);
    options.pauseOnBody = options.pauseOnHead = options.pauseOnComplete = true;
    options.slice = 3;
    const RunResult paused = run(mode, input, options);
    REQUIRE(whole.error.has_value() == bytewise.error.has_value());
    REQUIRE(whole.error.has_value() == paused.error.has_value());
    CHECK(whole.listener.transcript == bytewise.listener.transcript);
    CHECK(whole.listener.transcript == paused.listener.transcript);
    if (whole.error) {
        CHECK(whole.error->status == bytewise.error->status);
        CHECK(whole.error->message.toStdString() == bytewise.error->message.toStdString());
        CHECK(whole.error->message.toStdString() == paused.error->message.toStdString());
    }
    return whole.error;
}

} // namespace

std::optional<HttpParseError> requestError(const QByteArray &input, const HttpLimits &limits) {
    RunOptions options;
    options.limits = limits;
    return consistentError(HttpParser::Mode::Request, input, options);
}

std::optional<HttpParseError> responseError(const QByteArray &input, const QByteArray &method) {
    RunOptions options;
    options.requestMethods = {method};
    options.finish = true;
    return consistentError(HttpParser::Mode::Response, input, options);
}

} // namespace pc::test
