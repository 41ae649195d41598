#pragma once

#include <QtGlobal>
#include <memory>

struct llhttp__internal_s; // <llhttp.h> stays in httpllhttp.cpp

namespace pc {

// Internal to HttpParser: the one place that talks to llhttp (Debian's 8.1, built in
// strict mode with every lenient flag off, see cmake/Llhttp.cmake). Wraps an llhttp_t
// and its callbacks behind a small interface.
class HttpLlhttp {
public:
    enum class Kind { Request, Response };
    enum class Span { Method, Url, Version, Reason, FieldName, FieldValue, Body };
    enum class Event {
        UrlComplete,
        VersionComplete,
        StatusComplete,
        FieldNameComplete,
        FieldValueComplete,
        HeadersComplete,
        ChunkComplete,
        MessageComplete,
    };
    // Continue; Pause: execute() returns right after the event (resume() to go on);
    // Refuse: execute() fails (the handler knows why).
    enum class Verdict { Continue, Pause, Refuse };

    class Handler {
    public:
        virtual ~Handler();
        virtual Verdict onSpan(Span span, const char *at, qsizetype len) = 0;
        virtual Verdict onEvent(Event event) = 0;
    };

    struct Result {
        enum class Status { Done, Paused, Failed };
        Status status = Status::Done;
        qsizetype consumed = 0; // Paused/Failed: offset of the pause or offending byte
        int code = 0;           // Failed: llhttp_errno
        const char *reason = nullptr;
    };

    HttpLlhttp(Kind kind, Handler *handler);
    ~HttpLlhttp();
    HttpLlhttp(const HttpLlhttp &) = delete;
    HttpLlhttp &operator=(const HttpLlhttp &) = delete;

    void reset();
    Result execute(const char *data, qsizetype len);
    // EOF; Paused if the handler paused the message end it triggered.
    Result finish();
    void resume();
    // After an llhttp error inside a span (a header value, say): hands the span's
    // bytes before the offending one to the handler, which may find an earlier fault.
    void flushSpan(const char *data, qsizetype errorOffset);
    static bool isCallbackError(int code);

    // What llhttp made of the current head (valid from HeadersComplete).
    int versionMajor() const;
    int versionMinor() const;
    int statusCode() const;
    bool isChunked() const;
    bool hasContentLength() const;
    bool hasTransferEncoding() const;
    quint64 contentLength() const;
    // From a HeadersComplete pause: what to do with the body when resumed.
    void setBodyVerdict(bool skipBody, bool upgrade);

private:
    std::unique_ptr<llhttp__internal_s> m_parser;
    Kind m_kind;
    Handler *m_handler;
};

} // namespace pc
