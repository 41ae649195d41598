#include "tunnel/tunnelcodec.h"

#include "tunnel/tunnelvalidator.h"

#include <google/protobuf/stubs/logging.h>
#include <mutex>

using namespace Qt::StringLiterals;

namespace pc {

using pmproxy::tunnel::Envelope;

TunnelCodec::TunnelCodec(TunnelLimits limits)
    : m_limits(limits) {
    // protobuf logs every malformed message it refuses (e.g. invalid UTF-8 in a string
    // field) on stderr: a peer could flood our logs with them. The codec reports each
    // refusal itself, as a typed error, so protobuf's own logging is switched off.
    static std::once_flag silenced;
    std::call_once(silenced, [] { google::protobuf::SetLogHandler(nullptr); });
}

pc::Expected<Envelope, TunnelDecodeError> TunnelCodec::decode(QByteArrayView bytes) const {
    using Kind = TunnelDecodeError::Kind;
    if (bytes.size() > qsizetype(m_limits.maxEnvelopeBytes)) {
        return pc::unexpected(TunnelDecodeError{
            Kind::TooLarge, u"an envelope of %1 bytes is over the limit of %2"_s.arg(bytes.size())
                                .arg(m_limits.maxEnvelopeBytes)});
    }
    Envelope envelope;
    if (!envelope.ParseFromArray(bytes.data(), int(bytes.size())))
        return pc::unexpected(TunnelDecodeError{Kind::NotAnEnvelope, u"not an envelope"_s});
    if (auto error = TunnelValidator(m_limits).check(envelope))
        return pc::unexpected(std::move(*error));
    return envelope;
}

QByteArray TunnelCodec::encode(const Envelope &envelope) {
    QByteArray out(qsizetype(envelope.ByteSizeLong()), Qt::Uninitialized);
    envelope.SerializeWithCachedSizesToArray(reinterpret_cast<quint8 *>(out.data()));
    return out;
}

bool TunnelCodec::isReliable(const Envelope &envelope) {
    switch (envelope.body_case()) {
    case Envelope::kOpen:
    case Envelope::kResponse:
    case Envelope::kData:
    case Envelope::kClose:
        return true;
    case Envelope::kError:
        return envelope.error().stream_id() != 0;
    default:
        return false;
    }
}

TunnelLimits TunnelCodec::limitsFrom(const pmproxy::tunnel::Limits &l) {
    TunnelLimits out;
    out.maxEnvelopeBytes = l.max_envelope_bytes();
    out.maxStreams = l.max_streams();
    out.initialWindow = l.initial_window();
    out.maxHeaderCount = l.max_header_count();
    out.maxHeaderBytes = l.max_header_bytes();
    return out;
}

pmproxy::tunnel::Limits TunnelCodec::limitsMessage(const TunnelLimits &limits) {
    pmproxy::tunnel::Limits l;
    l.set_max_envelope_bytes(limits.maxEnvelopeBytes);
    l.set_max_streams(limits.maxStreams);
    l.set_initial_window(limits.initialWindow);
    l.set_max_header_count(limits.maxHeaderCount);
    l.set_max_header_bytes(limits.maxHeaderBytes);
    return l;
}

} // namespace pc
