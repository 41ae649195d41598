#include "http/httpparser.h"

#include "http/httpparserengine.h"

namespace pc {

HttpParser::HttpParser(Mode mode, HttpParserListener *listener, const HttpLimits &limits)
    : d(std::make_unique<HttpParserEngine>(mode, listener, limits)) {}

HttpParser::~HttpParser() = default;

Expected<qsizetype, HttpParseError> HttpParser::feed(QByteArrayView data) {
    return d->feed(data);
}

Expected<bool, HttpParseError> HttpParser::finish() {
    return d->finish();
}

bool HttpParser::isPaused() const {
    return d->isPaused();
}

void HttpParser::resume() {
    d->resume();
}

void HttpParser::pushRequestMethod(QByteArray method) {
    d->pushRequestMethod(std::move(method));
}

qsizetype HttpParser::pendingRequestMethods() const {
    return d->pendingRequestMethods();
}

void HttpParser::reset() {
    d->reset();
}

HttpParser::Mode HttpParser::mode() const {
    return d->mode();
}

HttpParser::State HttpParser::state() const {
    return d->state();
}

std::optional<HttpParseError> HttpParser::error() const {
    return d->error();
}

} // namespace pc
