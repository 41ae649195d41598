#include "tunnel/tunnelheads.h"

namespace pc::tunnelheads {

namespace {

std::string bytes(const QByteArray &b) {
    return std::string(b.constData(), size_t(b.size()));
}

QByteArray bytes(const std::string &s) {
    return QByteArray(s.data(), qsizetype(s.size()));
}

void copyHeaders(const HttpHeaders &from,
                 google::protobuf::RepeatedPtrField<pmproxy::tunnel::Header> *to) {
    to->Reserve(int(from.count()));
    for (const HttpHeaders::Field &f : from) {
        pmproxy::tunnel::Header *h = to->Add();
        h->set_name(bytes(f.name));
        h->set_value(bytes(f.value));
    }
}

HttpHeaders copyHeaders(const google::protobuf::RepeatedPtrField<pmproxy::tunnel::Header> &from) {
    HttpHeaders to;
    for (const pmproxy::tunnel::Header &h : from)
        to.append(bytes(h.name()), bytes(h.value()));
    return to;
}

} // namespace

void toOpen(pmproxy::tunnel::Open *out, quint32 streamId, TunnelStreamKind kind,
            const HttpRequestHead &head) {
    out->set_stream_id(streamId);
    out->set_kind(kind == TunnelStreamKind::WebSocket ? pmproxy::tunnel::STREAM_KIND_WEBSOCKET
                                                      : pmproxy::tunnel::STREAM_KIND_HTTP);
    out->set_method(bytes(head.method));
    out->set_target(bytes(head.target));
    copyHeaders(head.headers, out->mutable_headers());
}

HttpRequestHead fromOpen(const pmproxy::tunnel::Open &open) {
    HttpRequestHead head;
    head.method = bytes(open.method());
    head.target = bytes(open.target());
    head.headers = copyHeaders(open.headers());
    return head;
}

TunnelStreamKind kindOf(const pmproxy::tunnel::Open &open) {
    return open.kind() == pmproxy::tunnel::STREAM_KIND_WEBSOCKET ? TunnelStreamKind::WebSocket
                                                                 : TunnelStreamKind::Http;
}

void toResponse(pmproxy::tunnel::Response *out, quint32 streamId, const HttpResponseHead &head) {
    out->set_stream_id(streamId);
    out->set_status(quint32(head.status));
    out->set_reason(bytes(head.reason));
    copyHeaders(head.headers, out->mutable_headers());
}

HttpResponseHead fromResponse(const pmproxy::tunnel::Response &response) {
    HttpResponseHead head;
    head.status = int(response.status());
    head.reason = bytes(response.reason());
    head.headers = copyHeaders(response.headers());
    return head;
}

} // namespace pc::tunnelheads
