// libFuzzer target for proxycore/http: feeds the input to a request parser and to a
// response parser, once in one go and once in pseudo-random slices with pauses, and
// checks that
// - both runs report the same events and the same error (slicing never matters);
// - feed() consumes everything unless it paused, stopped (upgrade/close) or failed;
// - every accepted head serializes, and the serialized head parses back to the same head.
// The first three input bytes choose slice sizes, pauses and request methods.
#include "http/httpparser.h"
#include "http/httpserializer.h"

#include <QByteArray>
#include <QList>
#include <QLoggingCategory>
#include <cstdint>
#include <cstdlib>
#include <optional>

using namespace pc;

namespace {

[[noreturn]] void violated(const char *what) {
    fprintf(stderr, "fuzz_http invariant violated: %s\n", what);
    abort();
}

// xorshift32, seeded from the input
struct Rng {
    uint32_t state;
    uint32_t next() {
        state ^= state << 13;
        state ^= state >> 17;
        state ^= state << 5;
        return state;
    }
};

const QList<QByteArray> methods = {"GET", "HEAD", "CONNECT", "POST"};

class ReparseListener : public HttpParserListener {
public:
    std::optional<HttpRequestHead> request;
    std::optional<HttpResponseHead> response;
    Action onRequestHead(const HttpRequestHead &head) override {
        request = head;
        return Action::Pause;
    }
    Action onResponseHead(const HttpResponseHead &head) override {
        response = head;
        return Action::Pause;
    }
};

HttpLimits generousLimits() {
    HttpLimits limits;
    limits.maxStartLineBytes = 1 << 20;
    limits.maxHeaderBytes = 1 << 20;
    limits.maxHeaderCount = 1 << 20;
    return limits;
}

void checkRequestRoundTrip(const HttpRequestHead &head) {
    const Expected<QByteArray, HttpSerializeError> wire = HttpSerializer::requestHead(head);
    if (!wire)
        violated("a parsed request head does not serialize");
    ReparseListener listener;
    HttpParser parser(HttpParser::Mode::Request, &listener, generousLimits());
    const Expected<qsizetype, HttpParseError> fed = parser.feed(*wire);
    if (!fed || !listener.request)
        violated("a serialized request head does not parse");
    if (!(*listener.request == head))
        violated("a serialized request head parses to another head");
}

void checkResponseRoundTrip(const HttpResponseHead &head, const QByteArray &method) {
    const Expected<QByteArray, HttpSerializeError> wire = HttpSerializer::responseHead(head);
    if (!wire)
        violated("a parsed response head does not serialize");
    ReparseListener listener;
    HttpParser parser(HttpParser::Mode::Response, &listener, generousLimits());
    parser.pushRequestMethod(method);
    const Expected<qsizetype, HttpParseError> fed = parser.feed(*wire);
    if (!fed || !listener.response)
        violated("a serialized response head does not parse");
    if (!(*listener.response == head))
        violated("a serialized response head parses to another head");
}

// Records events; pauses as the RNG says (if any); round-trips every head.
class FuzzListener : public HttpParserListener {
public:
    FuzzListener(Rng *rng, QList<QByteArray> requestMethods)
        : m_rng(rng)
        , m_methods(std::move(requestMethods)) {}

    QByteArray transcript;

    Action onRequestHead(const HttpRequestHead &head) override {
        checkRequestRoundTrip(head);
        transcript += "Q" + head.method + ' ' + head.target + '\n';
        return maybePause();
    }
    Action onResponseHead(const HttpResponseHead &head) override {
        QByteArray method = "GET";
        if (!m_methods.isEmpty())
            method = head.isInformational() ? m_methods.first() : m_methods.takeFirst();
        checkResponseRoundTrip(head, method);
        transcript += "S" + QByteArray::number(head.status) + '\n';
        return maybePause();
    }
    Action onBody(QByteArrayView data) override {
        if (data.isEmpty())
            violated("empty body piece");
        m_body += data;
        return maybePause();
    }
    void onTrailers(const HttpHeaders &trailers) override {
        transcript += "T" + QByteArray::number(trailers.count()) + '\n';
    }
    Action onMessageComplete() override {
        transcript += "B" + m_body + "\nE\n";
        m_body.clear();
        return maybePause();
    }

private:
    Action maybePause() {
        return m_rng != nullptr && m_rng->next() % 3 == 0 ? Action::Pause : Action::Continue;
    }
    Rng *m_rng;
    QList<QByteArray> m_methods;
    QByteArray m_body;
};

struct Outcome {
    QByteArray transcript;
    std::optional<HttpParseError> error;
    HttpParser::State state = HttpParser::State::Head;
    qsizetype rest = 0;
};

Outcome runParser(HttpParser::Mode mode, QByteArrayView input, const QList<QByteArray> &reqs,
                  Rng *rng, uint32_t maxSlice) {
    FuzzListener listener(rng, reqs);
    HttpParser parser(mode, &listener);
    for (const QByteArray &m : reqs)
        parser.pushRequestMethod(m);
    Outcome out;
    QByteArray buffer;
    qsizetype offset = 0;
    int idle = 0;
    while (offset < input.size() || !buffer.isEmpty()) {
        if (offset < input.size()) {
            qsizetype n = input.size() - offset;
            if (rng != nullptr)
                n = std::min<qsizetype>(n, 1 + rng->next() % maxSlice);
            buffer += input.sliced(offset, n);
            offset += n;
        }
        const Expected<qsizetype, HttpParseError> fed = parser.feed(buffer);
        if (!fed) {
            out.error = fed.error();
            break;
        }
        if (*fed < 0 || *fed > buffer.size())
            violated("feed() consumed a wrong number of bytes");
        buffer.remove(0, *fed);
        const HttpParser::State state = parser.state();
        if (state == HttpParser::State::Upgraded || state == HttpParser::State::Closed) {
            out.rest = buffer.size() + (input.size() - offset);
            break;
        }
        if (parser.isPaused()) {
            parser.resume();
            if (*fed == 0 && ++idle > 1000000)
                violated("no progress across pauses");
            continue;
        }
        if (!buffer.isEmpty())
            violated("feed() left bytes without pausing or stopping");
    }
    if (!out.error && out.rest == 0 && parser.state() != HttpParser::State::Upgraded &&
        parser.state() != HttpParser::State::Closed) {
        const Expected<bool, HttpParseError> done = parser.finish();
        if (!done)
            out.error = done.error();
    }
    out.state = parser.state();
    out.transcript = listener.transcript;
    if (out.error && out.state != HttpParser::State::Failed)
        violated("an error without the Failed state");
    if (out.error && (out.error->status < 400 || out.error->status > 599))
        violated("an error status outside 4xx/5xx");
    return out;
}

void fuzzMode(HttpParser::Mode mode, QByteArrayView input, uint8_t a, uint8_t b, uint8_t c) {
    QList<QByteArray> reqs;
    for (int i = 0; i < 4; ++i)
        reqs.append(methods[(a >> (2 * i)) & 3]);
    const Outcome whole = runParser(mode, input, reqs, nullptr, 0);
    Rng rng{(uint32_t(b) << 8 | c) * 2654435761u + 1};
    const uint32_t maxSlice = (b & 0x80) ? 1 : 1 + (c % 64);
    const Outcome sliced = runParser(mode, input, reqs, &rng, maxSlice);
    if (whole.transcript != sliced.transcript)
        violated("slicing or pausing changed the events");
    if (whole.error.has_value() != sliced.error.has_value())
        violated("slicing or pausing changed whether the input is refused");
    if (whole.error && (whole.error->status != sliced.error->status ||
                        whole.error->message != sliced.error->message)) {
        fprintf(stderr, "%s mode: whole %d \"%s\", sliced %d \"%s\"\n",
                mode == HttpParser::Mode::Request ? "request" : "response", whole.error->status,
                qPrintable(whole.error->message), sliced.error->status,
                qPrintable(sliced.error->message));
        violated("slicing or pausing changed the error");
    }
    if (whole.state != sliced.state || whole.rest != sliced.rest)
        violated("slicing or pausing changed where parsing stopped");
}

} // namespace

extern "C" int LLVMFuzzerInitialize(int *, char ***) {
    QLoggingCategory::setFilterRules(QStringLiteral("pmproxy.http.debug=false"));
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    if (size < 3)
        return 0;
    const QByteArrayView input(reinterpret_cast<const char *>(data) + 3,
                               static_cast<qsizetype>(size - 3));
    fuzzMode(HttpParser::Mode::Request, input, data[0], data[1], data[2]);
    fuzzMode(HttpParser::Mode::Response, input, data[0], data[1], data[2]);
    return 0;
}
