// The envelope codec: round trips of every body, and every malformed input refused
// with a typed error (never a crash).
#include "tunnel/tunnelcodec.h"
#include "tunnel/tunnelheads.h"

#include <catch2/catch.hpp>

using namespace pmproxy::tunnel;
using pc::TunnelCodec;
using Kind = pc::TunnelDecodeError::Kind;

namespace {

Limits goodLimits() {
    return TunnelCodec::limitsMessage(pc::TunnelLimits{});
}

Envelope openEnvelope() {
    Envelope e;
    e.set_seq(1);
    pc::HttpRequestHead head;
    head.method = "POST";
    head.target = "/upload?x=1";
    head.headers = {{"Host", "bmc"}, {"X-A", "1"}, {"x-a", "2"}, {"Cookie", "a=b"}};
    pc::tunnelheads::toOpen(e.mutable_open(), 3, pc::TunnelStreamKind::Http, head);
    return e;
}

Kind decodeError(const Envelope &e, pc::TunnelLimits limits = {}) {
    auto r = TunnelCodec(limits).decode(TunnelCodec::encode(e));
    REQUIRE_FALSE(r.hasValue());
    return r.error().kind;
}

Kind decodeError(const QByteArray &bytes) {
    auto r = TunnelCodec().decode(bytes);
    REQUIRE_FALSE(r.hasValue());
    REQUIRE_FALSE(r.error().message.isEmpty());
    return r.error().kind;
}

} // namespace

TEST_CASE("codec: an Open round-trips with header order, case and repeats kept") {
    const Envelope e = openEnvelope();
    auto decoded = TunnelCodec().decode(TunnelCodec::encode(e));
    REQUIRE(decoded.hasValue());
    REQUIRE(decoded->seq() == 1);
    const pc::HttpRequestHead head = pc::tunnelheads::fromOpen(decoded->open());
    CHECK(head.method == "POST");
    CHECK(head.target == "/upload?x=1");
    REQUIRE(head.headers.count() == 4);
    CHECK(head.headers.at(1).name == "X-A");
    CHECK(head.headers.at(2).name == "x-a");
    CHECK(head.headers.values("x-a") == QList<QByteArray>{"1", "2"});
    CHECK(pc::tunnelheads::kindOf(decoded->open()) == pc::TunnelStreamKind::Http);
}

TEST_CASE("codec: every other body round-trips") {
    std::vector<Envelope> all(10);
    *all[0].mutable_hello()->mutable_limits() = goodLimits();
    all[0].mutable_hello()->set_protocol_version(1);
    all[0].mutable_hello()->set_resume_token(std::string(32, 'k'));
    all[0].mutable_hello()->set_received_seq(77);
    *all[1].mutable_welcome()->mutable_limits() = goodLimits();
    all[1].mutable_welcome()->set_protocol_version(1);
    all[1].mutable_welcome()->set_resume_token(std::string(32, 't'));
    all[1].mutable_welcome()->set_session_id("s-1");
    all[2].set_seq(5);
    pc::HttpResponseHead response;
    response.status = 101;
    response.reason = "Switching Protocols";
    response.headers = {{"Upgrade", "websocket"}};
    pc::tunnelheads::toResponse(all[2].mutable_response(), 2, response);
    all[3].set_seq(6);
    all[3].mutable_data()->set_stream_id(2);
    all[3].mutable_data()->set_offset(1u << 30);
    all[3].mutable_data()->set_payload(std::string("\0\1\2binary\xff", 10));
    all[4].mutable_window_update()->set_stream_id(2);
    all[4].mutable_window_update()->set_max_offset(1ull << 40);
    all[5].set_seq(7);
    all[5].mutable_close()->set_stream_id(2);
    all[6].set_seq(8);
    all[6].mutable_error()->set_stream_id(2);
    all[6].mutable_error()->set_code(ERROR_CODE_UPSTREAM);
    all[6].mutable_error()->set_message("BMC reset the connection");
    all[7].mutable_ping()->set_id(9);
    all[7].mutable_ping()->set_sent_ms(12345);
    all[8].mutable_pong()->set_id(9);
    all[9].mutable_ack()->set_received_seq(8);
    for (const Envelope &e : all) {
        auto decoded = TunnelCodec().decode(TunnelCodec::encode(e));
        REQUIRE(decoded.hasValue());
        CHECK(decoded->SerializeAsString() == e.SerializeAsString());
    }
    auto r = TunnelCodec().decode(TunnelCodec::encode(all[2]));
    CHECK(pc::tunnelheads::fromResponse(r->response()) == response);
}

TEST_CASE("codec: garbage, truncation and empty input are refused") {
    CHECK(decodeError(QByteArray("\xff\xff\xff\xff\xff", 5)) == Kind::NotAnEnvelope);
    CHECK(decodeError(QByteArray("GET / HTTP/1.1\r\n\r\n")) == Kind::NotAnEnvelope);
    const QByteArray whole = TunnelCodec::encode(openEnvelope());
    for (qsizetype cut = 1; cut < whole.size(); ++cut) {
        auto r = TunnelCodec().decode(whole.left(cut));
        CHECK_FALSE(r.hasValue()); // a truncated envelope never passes as a valid one
    }
    CHECK(decodeError(QByteArray()) == Kind::UnknownBody);
}

TEST_CASE("codec: an envelope over the size limit is refused before parsing") {
    pc::TunnelLimits small;
    small.maxEnvelopeBytes = 100 * 1024;
    Envelope e;
    e.set_seq(1);
    e.mutable_data()->set_stream_id(1);
    e.mutable_data()->set_payload(std::string(200 * 1024, 'x'));
    CHECK(decodeError(e, small) == Kind::TooLarge);
}

TEST_CASE("codec: unknown fields are ignored, unknown bodies refused") {
    // Field 99 (varint) appended to a valid Ack: a newer peer's extension.
    Envelope ack;
    ack.mutable_ack()->set_received_seq(3);
    QByteArray bytes = TunnelCodec::encode(ack);
    bytes.append(char(0x98)).append(char(0x06)).append(char(1)); // tag 99 << 3 as a varint
    CHECK(TunnelCodec().decode(bytes).hasValue());
    // Field 40, length-delimited: a body this version does not know.
    QByteArray unknown;
    unknown.append(char(0xc2))
        .append(char(0x02))
        .append(char(0x01))
        .append(char(0x02)); // tag 40, LEN
    CHECK(decodeError(unknown) == Kind::UnknownBody);
}

TEST_CASE("codec: seq is required on reliable envelopes and refused on others") {
    Envelope e = openEnvelope();
    e.set_seq(0);
    CHECK(decodeError(e) == Kind::BadSequence);
    Envelope ping;
    ping.set_seq(4);
    ping.mutable_ping();
    CHECK(decodeError(ping) == Kind::BadSequence);
    Envelope sessionError; // Error for the whole session: not reliable
    sessionError.set_seq(2);
    sessionError.mutable_error()->set_code(ERROR_CODE_PROTOCOL);
    CHECK(decodeError(sessionError) == Kind::BadSequence);
}

TEST_CASE("codec: stream id 0 is refused where a stream is needed") {
    Envelope e = openEnvelope();
    e.mutable_open()->set_stream_id(0);
    CHECK(decodeError(e) == Kind::BadStreamId);
    Envelope data;
    data.set_seq(1);
    data.mutable_data()->set_payload("x");
    CHECK(decodeError(data) == Kind::BadStreamId);
    Envelope close;
    close.set_seq(1);
    close.mutable_close();
    CHECK(decodeError(close) == Kind::BadStreamId);
    Envelope update;
    update.mutable_window_update()->set_max_offset(5);
    CHECK(decodeError(update) == Kind::BadStreamId);
    Envelope response;
    response.set_seq(1);
    response.mutable_response()->set_status(200);
    CHECK(decodeError(response) == Kind::BadStreamId);
}

TEST_CASE("codec: heads that HTTP/1.1 cannot carry are refused (no header injection)") {
    auto withHeader = [](const std::string &name, const std::string &value) {
        Envelope e = openEnvelope();
        Header *h = e.mutable_open()->add_headers();
        h->set_name(name);
        h->set_value(value);
        return e;
    };
    CHECK(decodeError(withHeader("X-Evil", "a\r\nInjected: 1")) == Kind::BadHead);
    CHECK(decodeError(withHeader("X-Evil", std::string("a\0b", 3))) == Kind::BadHead);
    CHECK(decodeError(withHeader("Bad Name", "v")) == Kind::BadHead);
    CHECK(decodeError(withHeader("", "v")) == Kind::BadHead);
    CHECK(decodeError(withHeader("X:Y", "v")) == Kind::BadHead);

    Envelope method = openEnvelope();
    method.mutable_open()->set_method("GET /x");
    CHECK(decodeError(method) == Kind::BadHead);
    Envelope target = openEnvelope();
    target.mutable_open()->set_target("/a b");
    CHECK(decodeError(target) == Kind::BadHead);
    target.mutable_open()->set_target("/a\r\nHost: x");
    CHECK(decodeError(target) == Kind::BadHead);
    target.mutable_open()->set_target("");
    CHECK(decodeError(target) == Kind::BadHead);
    Envelope kind = openEnvelope();
    kind.mutable_open()->set_kind(STREAM_KIND_UNSPECIFIED);
    CHECK(decodeError(kind) == Kind::BadValue);
    kind.mutable_open()->set_kind(StreamKind(42));
    CHECK(decodeError(kind) == Kind::BadValue);
    Envelope ws = openEnvelope();
    ws.mutable_open()->set_kind(STREAM_KIND_WEBSOCKET); // POST upgrade
    CHECK(decodeError(ws) == Kind::BadHead);

    Envelope response;
    response.set_seq(1);
    response.mutable_response()->set_stream_id(2);
    response.mutable_response()->set_status(200);
    response.mutable_response()->set_reason("OK\r\nSet-Cookie: x");
    CHECK(decodeError(response) == Kind::BadHead);
    response.mutable_response()->set_reason("OK");
    response.mutable_response()->set_status(99);
    CHECK(decodeError(response) == Kind::BadValue);
    response.mutable_response()->set_status(600);
    CHECK(decodeError(response) == Kind::BadValue);
}

TEST_CASE("codec: header count and size limits") {
    pc::TunnelLimits limits;
    limits.maxHeaderCount = 10;
    limits.maxHeaderBytes = 1000;
    Envelope many = openEnvelope();
    for (int i = 0; i < 7; ++i) {
        Header *h = many.mutable_open()->add_headers();
        h->set_name("X-" + std::to_string(i));
        h->set_value("v");
    }
    CHECK(decodeError(many, limits) == Kind::HeadTooLarge); // 11 fields
    Envelope big = openEnvelope();
    Header *h = big.mutable_open()->add_headers();
    h->set_name("X-Big");
    h->set_value(std::string(1000, 'v'));
    CHECK(decodeError(big, limits) == Kind::HeadTooLarge);
    Envelope longTarget = openEnvelope();
    longTarget.mutable_open()->set_target("/" + std::string(20000, 'a'));
    CHECK(decodeError(longTarget) == Kind::HeadTooLarge);
}

TEST_CASE("codec: handshake limits out of range are refused") {
    Envelope hello;
    hello.mutable_hello()->set_protocol_version(1);
    *hello.mutable_hello()->mutable_limits() = goodLimits();
    CHECK(TunnelCodec().decode(TunnelCodec::encode(hello)).hasValue());

    Envelope e = hello;
    e.mutable_hello()->set_protocol_version(0);
    CHECK(decodeError(e) == Kind::BadValue);
    e = hello;
    e.mutable_hello()->mutable_limits()->set_initial_window(1024); // a 1 KiB window
    CHECK(decodeError(e) == Kind::BadValue);
    e = hello;
    e.mutable_hello()->mutable_limits()->set_max_envelope_bytes(100);
    CHECK(decodeError(e) == Kind::BadValue);
    e = hello;
    e.mutable_hello()->mutable_limits()->set_max_streams(0);
    CHECK(decodeError(e) == Kind::BadValue);
    e = hello;
    e.mutable_hello()->clear_limits();
    CHECK(decodeError(e) == Kind::BadValue);
    e = hello;
    e.mutable_hello()->set_resume_token(std::string(65, 'x'));
    CHECK(decodeError(e) == Kind::BadValue);

    Envelope welcome;
    welcome.mutable_welcome()->set_protocol_version(1);
    *welcome.mutable_welcome()->mutable_limits() = goodLimits();
    CHECK(decodeError(welcome) == Kind::BadValue); // no resume token
}

TEST_CASE("codec: Data must carry bytes, long texts are refused") {
    Envelope data;
    data.set_seq(1);
    data.mutable_data()->set_stream_id(1);
    CHECK(decodeError(data) == Kind::BadValue);
    Envelope close;
    close.set_seq(1);
    close.mutable_close()->set_stream_id(1);
    close.mutable_close()->set_reason(std::string(2000, 'r'));
    CHECK(decodeError(close) == Kind::BadValue);
    Envelope error;
    error.mutable_error()->set_message(std::string(2000, 'm'));
    CHECK(decodeError(error) == Kind::BadValue);
}

TEST_CASE("codec: a string field that is not UTF-8 is refused") {
    Envelope close;
    close.set_seq(1);
    close.mutable_close()->set_stream_id(1);
    close.mutable_close()->set_reason("ok");
    QByteArray bytes = TunnelCodec::encode(close);
    const qsizetype at = bytes.indexOf("ok");
    REQUIRE(at > 0);
    bytes[at] = char(0xff);
    bytes[at + 1] = char(0xfe);
    CHECK_FALSE(TunnelCodec().decode(bytes).hasValue());
}
