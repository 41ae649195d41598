#pragma once

#include "http/httpparseerror.h"
#include "util/expected.h"

#include <QByteArrayView>
#include <memory>
#include <optional>

struct http_parser; // <http_parser.h> stays in httplibparser.cpp

namespace pc {

// Internal to HttpParser: the one place that talks to libhttp-parser (2.9.4, Debian's
// non-strict build). Wraps a http_parser and its callbacks behind a small interface.
class HttpLibParser {
public:
    enum class Kind { Request, Response };
    enum class BodyVerdict { Parse, Skip, Upgrade, Refuse };

    // Receives libhttp-parser's events; returning false (or Refuse) stops it with an error.
    class Handler {
    public:
        virtual ~Handler();
        virtual bool onUrl(QByteArrayView piece) = 0;
        virtual bool onStatus(QByteArrayView piece) = 0;
        virtual bool onHeaderField(QByteArrayView piece) = 0;
        virtual bool onHeaderValue(QByteArrayView piece) = 0;
        // Parse: read the body the headers announce; Skip: no body (HEAD, 1xx, 204,
        // 304); Upgrade: no body and the stream stops being HTTP after this head.
        virtual BodyVerdict onHeadersComplete() = 0;
        virtual bool onBody(QByteArrayView piece) = 0;
        virtual bool onMessageComplete() = 0;
    };

    HttpLibParser(Kind kind, Handler *handler);
    ~HttpLibParser();
    HttpLibParser(const HttpLibParser &) = delete;
    HttpLibParser &operator=(const HttpLibParser &) = delete;

    void reset();
    // Runs the parser over len bytes (len 0 signals EOF). Returns the bytes consumed,
    // fewer than len if a handler called pause(), or libhttp-parser's refusal (when a
    // handler refused, the error is a placeholder: the handler knows why).
    Expected<qsizetype, HttpParseError> execute(const char *data, qsizetype len);
    // From a handler callback: make execute() return after this event.
    void pause();

    // What libhttp-parser made of the current head (valid from onHeadersComplete).
    QByteArrayView methodName() const;
    int statusCode() const;
    int versionMajor() const;
    int versionMinor() const;
    bool isChunked() const;
    std::optional<quint64> contentLength() const;

private:
    std::unique_ptr<http_parser> m_parser;
    Kind m_kind;
    Handler *m_handler;
};

} // namespace pc
