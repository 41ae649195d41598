#include "tunnel/tunnelvalidator.h"

#include "http/httpsyntax.h"

using namespace Qt::StringLiterals;

namespace pc {

using namespace pmproxy::tunnel;
using Kind = TunnelDecodeError::Kind;

namespace {

std::optional<TunnelDecodeError> fail(Kind kind, QString message) {
    return TunnelDecodeError{kind, std::move(message)};
}

QByteArrayView view(const std::string &s) {
    return QByteArrayView(s.data(), qsizetype(s.size()));
}

// A request target on the wire: visible ASCII only (no SP, CTL or DEL), like the
// request line of RFC 9112 §3 that it becomes.
bool isTarget(QByteArrayView s) {
    if (s.isEmpty())
        return false;
    for (char c : s) {
        if (!httpsyntax::isVchar(c))
            return false;
    }
    return true;
}

std::optional<TunnelDecodeError> needStream(quint32 id, const char *what) {
    if (id == 0)
        return fail(Kind::BadStreamId, u"%1 without a stream id"_s.arg(QLatin1StringView(what)));
    return std::nullopt;
}

std::optional<TunnelDecodeError> checkText(const std::string &s, int max, const char *what) {
    if (qsizetype(s.size()) > max) {
        return fail(Kind::BadValue,
                    u"%1 is longer than %2 bytes"_s.arg(QLatin1StringView(what)).arg(max));
    }
    return std::nullopt;
}

} // namespace

TunnelValidator::TunnelValidator(const TunnelLimits &limits)
    : m_limits(limits) {}

std::optional<TunnelDecodeError> TunnelValidator::check(const Envelope &e) const {
    if (e.body_case() == Envelope::BODY_NOT_SET)
        return fail(Kind::UnknownBody, u"an envelope without a known body"_s);
    const bool reliable = TunnelCodec::isReliable(e);
    if (reliable && e.seq() == 0)
        return fail(Kind::BadSequence, u"a reliable envelope without seq"_s);
    if (!reliable && e.seq() != 0)
        return fail(Kind::BadSequence, u"seq on an envelope that is not reliable"_s);

    switch (e.body_case()) {
    case Envelope::kHello: {
        const Hello &h = e.hello();
        if (h.protocol_version() == 0)
            return fail(Kind::BadValue, u"Hello without a protocol version"_s);
        if (h.resume_token().size() > TunnelLimitBounds::maxTokenBytes)
            return fail(Kind::BadValue, u"Hello's resume token is too long"_s);
        if (auto err = checkText(h.software(), TunnelLimitBounds::maxTextBytes, "software"))
            return err;
        return checkLimits(h.limits());
    }
    case Envelope::kWelcome: {
        const Welcome &w = e.welcome();
        if (w.protocol_version() == 0)
            return fail(Kind::BadValue, u"Welcome without a protocol version"_s);
        if (w.resume_token().empty() || w.resume_token().size() > TunnelLimitBounds::maxTokenBytes)
            return fail(Kind::BadValue, u"Welcome's resume token is empty or too long"_s);
        if (auto err = checkText(w.session_id(), TunnelLimitBounds::maxTextBytes, "session id"))
            return err;
        return checkLimits(w.limits());
    }
    case Envelope::kOpen:
        return checkOpen(e.open());
    case Envelope::kResponse:
        return checkResponse(e.response());
    case Envelope::kData:
        if (auto err = needStream(e.data().stream_id(), "Data"))
            return err;
        if (e.data().payload().empty())
            return fail(Kind::BadValue, u"Data without payload"_s);
        return std::nullopt;
    case Envelope::kWindowUpdate:
        return needStream(e.window_update().stream_id(), "WindowUpdate");
    case Envelope::kClose:
        if (auto err = needStream(e.close().stream_id(), "Close"))
            return err;
        return checkText(e.close().reason(), TunnelLimitBounds::maxReasonBytes, "Close reason");
    case Envelope::kError:
        return checkText(e.error().message(), TunnelLimitBounds::maxTextBytes, "Error message");
    case Envelope::kPing:
    case Envelope::kPong:
    case Envelope::kAck:
        return std::nullopt;
    case Envelope::BODY_NOT_SET:
        break;
    }
    return fail(Kind::UnknownBody, u"an envelope without a known body"_s);
}

std::optional<TunnelDecodeError> TunnelValidator::checkLimits(const Limits &l) const {
    if (l.max_envelope_bytes() < TunnelLimitBounds::minEnvelopeBytes)
        return fail(Kind::BadValue,
                    u"max_envelope_bytes below %1"_s.arg(TunnelLimitBounds::minEnvelopeBytes));
    if (l.initial_window() < TunnelLimitBounds::minWindow ||
        l.initial_window() > TunnelLimitBounds::maxWindow)
        return fail(Kind::BadValue, u"initial_window out of range"_s);
    if (l.max_streams() == 0)
        return fail(Kind::BadValue, u"max_streams is 0"_s);
    return std::nullopt;
}

std::optional<TunnelDecodeError>
TunnelValidator::checkHeaders(const google::protobuf::RepeatedPtrField<Header> &headers,
                              qsizetype startBytes) const {
    if (quint32(headers.size()) > m_limits.maxHeaderCount) {
        return fail(Kind::HeadTooLarge,
                    u"%1 header fields, over the limit of %2"_s.arg(headers.size())
                        .arg(m_limits.maxHeaderCount));
    }
    qsizetype total = startBytes;
    for (const Header &h : headers) {
        total += qsizetype(h.name().size() + h.value().size());
        if (!httpsyntax::isToken(view(h.name())))
            return fail(Kind::BadHead, u"a header name that is not an HTTP token"_s);
        if (!httpsyntax::isFieldValue(view(h.value())))
            return fail(Kind::BadHead, u"a header value with CR, LF, NUL or a control"_s);
    }
    if (total > qsizetype(m_limits.maxHeaderBytes)) {
        return fail(
            Kind::HeadTooLarge,
            u"a head of %1 bytes, over the limit of %2"_s.arg(total).arg(m_limits.maxHeaderBytes));
    }
    return std::nullopt;
}

std::optional<TunnelDecodeError> TunnelValidator::checkOpen(const Open &o) const {
    if (auto err = needStream(o.stream_id(), "Open"))
        return err;
    if (o.kind() != STREAM_KIND_HTTP && o.kind() != STREAM_KIND_WEBSOCKET)
        return fail(Kind::BadValue, u"Open of an unknown stream kind"_s);
    if (!httpsyntax::isToken(view(o.method())))
        return fail(Kind::BadHead, u"a method that is not an HTTP token"_s);
    if (o.kind() == STREAM_KIND_WEBSOCKET && o.method() != "GET")
        return fail(Kind::BadHead, u"a WebSocket Open whose method is not GET"_s);
    if (qsizetype(o.target().size()) > TunnelLimitBounds::maxTargetBytes)
        return fail(Kind::HeadTooLarge,
                    u"a request target over %1 bytes"_s.arg(TunnelLimitBounds::maxTargetBytes));
    if (!isTarget(view(o.target())))
        return fail(Kind::BadHead, u"a request target that is empty or holds SP or a control"_s);
    return checkHeaders(o.headers(), qsizetype(o.method().size() + o.target().size()));
}

std::optional<TunnelDecodeError> TunnelValidator::checkResponse(const Response &r) const {
    if (auto err = needStream(r.stream_id(), "Response"))
        return err;
    if (r.status() < 100 || r.status() > 599)
        return fail(Kind::BadValue, u"a status outside 100..599"_s);
    if (qsizetype(r.reason().size()) > TunnelLimitBounds::maxReasonBytes ||
        !httpsyntax::isFieldValue(view(r.reason())))
        return fail(Kind::BadHead, u"a reason phrase that is too long or holds a control"_s);
    return checkHeaders(r.headers(), qsizetype(r.reason().size()));
}

} // namespace pc
