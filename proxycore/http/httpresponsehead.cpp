#include "http/httpresponsehead.h"

namespace pc {

bool HttpResponseHead::isInformational() const {
    return status >= 100 && status < 200 && status != 101;
}

bool HttpResponseHead::keepAlive() const {
    if (framing.kind == HttpBodyFraming::Kind::UntilEof)
        return false;
    const QList<QByteArray> tokens = headers.connectionTokens();
    if (tokens.contains(QByteArrayLiteral("close")))
        return false;
    if (version == HttpVersion::Http1_1)
        return true;
    return tokens.contains(QByteArrayLiteral("keep-alive"));
}

bool HttpResponseHead::hasBody() const {
    return framing.kind != HttpBodyFraming::Kind::None;
}

} // namespace pc
