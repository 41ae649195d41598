#include "http/httpparserlistener.h"

namespace pc {

HttpParserListener::~HttpParserListener() = default;

HttpParserListener::Action HttpParserListener::onRequestHead(const HttpRequestHead &) {
    return Action::Continue;
}

HttpParserListener::Action HttpParserListener::onResponseHead(const HttpResponseHead &) {
    return Action::Continue;
}

HttpParserListener::Action HttpParserListener::onBody(QByteArrayView) {
    return Action::Continue;
}

void HttpParserListener::onTrailers(const HttpHeaders &) {}

HttpParserListener::Action HttpParserListener::onMessageComplete() {
    return Action::Continue;
}

} // namespace pc
