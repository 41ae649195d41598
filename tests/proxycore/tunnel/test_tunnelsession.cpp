// TunnelSession over an in-memory transport: streams, half-close, resets, limits and
// a peer that breaks the protocol.
#include "tunnel/tunnelresponsewriter.h"
#include "tunneltestsupport.h"

#include <catch2/catch.hpp>

using namespace tunneltest;
using pc::TunnelSession;
using pc::TunnelStream;

namespace {

pc::HttpRequestHead request(QByteArray target = "/index.html") {
    pc::HttpRequestHead head;
    head.method = "GET";
    head.target = std::move(target);
    head.headers = {{"Host", "10.0.0.5"}, {"Cookie", "a=1"}};
    return head;
}

} // namespace

TEST_CASE("session: handshake, then a request and a response with bodies both ways") {
    SessionPair pair;
    REQUIRE(waitFor([&] { return pair.established(); }));
    CHECK(pair.client->sessionId() == pair.server->sessionId());
    CHECK(pair.client->resumeToken().size() == 32);

    TunnelStream *stream = pair.client->openStream(pc::TunnelStreamKind::Http, request());
    REQUIRE(stream);
    stream->write("request body");
    stream->finish();
    REQUIRE(waitFor([&] { return !pair.serverStreams.isEmpty(); }));
    TunnelStream *served = pair.serverStreams.first();
    CHECK(served->requestHead().target == "/index.html");
    CHECK(served->requestHead().headers.value("cookie") == "a=1");
    Drain up(served);
    REQUIRE(waitFor([&] { return up.ended; }));
    CHECK(up.data == "request body");

    pc::HttpResponseHead response;
    response.status = 200;
    response.reason = "OK";
    response.headers = {{"Content-Type", "text/html"}};
    served->write("<html>"); // written before the response: waits for it
    served->sendResponse(response);
    served->finish();
    Drain down(stream);
    SignalCounter over(stream, &TunnelStream::finished);
    REQUIRE(waitFor([&] { return down.ended && over.count == 1; }));
    CHECK(stream->hasResponse());
    CHECK(stream->responseHead().status == 200);
    CHECK(down.data == "<html>");
    CHECK_FALSE(stream->error());
    CHECK(waitFor([&] { return pair.server->streamCount() == 0; }));
    CHECK(pair.client->streamCount() == 0);
}

TEST_CASE("session: a reset reaches the other side as an error") {
    SessionPair pair;
    TunnelStream *stream = pair.client->openStream(pc::TunnelStreamKind::WebSocket, request("/ws"));
    REQUIRE(waitFor([&] { return !pair.serverStreams.isEmpty(); }));
    TunnelStream *served = pair.serverStreams.first();
    CHECK(served->kind() == pc::TunnelStreamKind::WebSocket);
    SignalCounter errors(stream, &TunnelStream::errorOccurred);
    served->cancel(pc::TunnelErrorCode::Upstream, u"BMC refused"_qs);
    REQUIRE(waitFor([&] { return errors.count == 1; }));
    REQUIRE(stream->error());
    CHECK(stream->error()->code == pc::TunnelErrorCode::Upstream);
    CHECK(stream->error()->message == u"BMC refused"_qs);
    CHECK(stream->isFinished());
    CHECK(stream->write("late") == -1);
}

TEST_CASE("session: deleting an open stream resets it at the peer") {
    SessionPair pair;
    TunnelStream *stream = pair.client->openStream(pc::TunnelStreamKind::Http, request());
    REQUIRE(waitFor([&] { return !pair.serverStreams.isEmpty(); }));
    QPointer<TunnelStream> served = pair.serverStreams.first();
    SignalCounter errors(served.data(), &TunnelStream::errorOccurred);
    delete stream;
    REQUIRE(waitFor([&] { return errors.count == 1; }));
    CHECK(served->error()->code == pc::TunnelErrorCode::Cancelled);
}

TEST_CASE("session: streams beyond the peer's limit are refused, then allowed again") {
    pc::TunnelOptions server = fastOptions();
    server.limits.maxStreams = 2;
    SessionPair pair(fastOptions(), server);
    REQUIRE(waitFor([&] { return pair.established(); }));
    CHECK(pair.client->peerLimits().maxStreams == 2);
    TunnelStream *a = pair.client->openStream(pc::TunnelStreamKind::Http, request());
    TunnelStream *b = pair.client->openStream(pc::TunnelStreamKind::Http, request());
    CHECK(a);
    CHECK(b);
    CHECK(pair.client->openStream(pc::TunnelStreamKind::Http, request()) == nullptr);
    a->cancel();
    REQUIRE(waitFor([&] { return pair.client->streamCount() == 1; }));
    CHECK(pair.client->openStream(pc::TunnelStreamKind::Http, request()) != nullptr);
}

TEST_CASE("session: a peer that opens more streams than allowed gets them refused") {
    // The client end is raw: it ignores the announced limit.
    pc::TunnelOptions options = fastOptions();
    options.limits.maxStreams = 1;
    TunnelSession server(TunnelSession::Role::Server, options);
    auto [raw, serverEnd] = pc::MemoryTransport::createPair();
    std::vector<pmproxy::tunnel::Envelope> received;
    QObject::connect(
        raw, &pc::MessageTransport::messageReceived, raw,
        [&](const QByteArray &bytes) { received.push_back(*pc::TunnelCodec().decode(bytes)); });
    pmproxy::tunnel::Envelope hello;
    hello.mutable_hello()->set_protocol_version(1);
    *hello.mutable_hello()->mutable_limits() = pc::TunnelCodec::limitsMessage(pc::TunnelLimits{});
    REQUIRE(server.acceptTransport(serverEnd, hello.hello()));
    QList<TunnelStream *> streams;
    QObject::connect(&server, &TunnelSession::newStream, &server,
                     [&](TunnelStream *s) { streams.append(s); });
    for (quint32 id : {1u, 3u}) {
        pmproxy::tunnel::Envelope e;
        e.set_seq(id == 1 ? 1 : 2);
        pc::tunnelheads::toOpen(e.mutable_open(), id, pc::TunnelStreamKind::Http, request());
        raw->sendMessage(encode(e));
    }
    auto refused = [&] {
        for (const auto &e : received) {
            if (e.has_error() && e.error().stream_id() == 3)
                return e.error().code() == pmproxy::tunnel::ERROR_CODE_REFUSED;
        }
        return false;
    };
    REQUIRE(waitFor(refused));
    CHECK(streams.size() == 1);
    CHECK(server.state() == TunnelSession::State::Attached); // refused, not fatal
    CHECK(server.streamCount() == 1);
}

TEST_CASE("session: a peer breaking the rules ends the session with a clear error") {
    using pmproxy::tunnel::Envelope;
    struct Case {
        const char *what;
        std::function<Envelope()> make;
        pc::TunnelErrorCode code;
    };
    auto data = [](quint32 id, quint64 seq, quint64 offset, qsizetype size) {
        Envelope e;
        e.set_seq(seq);
        e.mutable_data()->set_stream_id(id);
        e.mutable_data()->set_offset(offset);
        e.mutable_data()->set_payload(std::string(size_t(size), 'x'));
        return e;
    };
    const std::vector<Case> cases = {
        {"seq gap", [&] { return data(1, 5, 0, 10); }, pc::TunnelErrorCode::Protocol},
        {"data on a stream never opened", [&] { return data(7, 1, 0, 10); },
         pc::TunnelErrorCode::Protocol},
        {"stream id of the wrong side",
         [&] {
             Envelope e;
             e.set_seq(1);
             pc::tunnelheads::toOpen(e.mutable_open(), 2, pc::TunnelStreamKind::Http, request());
             return e;
         },
         pc::TunnelErrorCode::Protocol},
        {"a second Hello",
         [&] {
             Envelope e;
             e.mutable_hello()->set_protocol_version(1);
             *e.mutable_hello()->mutable_limits() =
                 pc::TunnelCodec::limitsMessage(pc::TunnelLimits{});
             return e;
         },
         pc::TunnelErrorCode::Protocol},
        {"an Ack of envelopes never sent",
         [&] {
             Envelope e;
             e.mutable_ack()->set_received_seq(1000);
             return e;
         },
         pc::TunnelErrorCode::Protocol},
    };
    for (const Case &c : cases) {
        DYNAMIC_SECTION(c.what) {
            SessionPair pair;
            REQUIRE(waitFor([&] { return pair.established(); }));
            SignalCounter ended(pair.server, &TunnelSession::terminated);
            SignalCounter clientEnded(pair.client, &TunnelSession::terminated);
            pair.clientEnd->sendMessage(encode(c.make()));
            REQUIRE(waitFor([&] { return ended.count == 1; }));
            CHECK(ended.lastError.code == c.code);
            // The client is told why (an Error for the session), not left hanging.
            REQUIRE(waitFor([&] { return clientEnded.count == 1; }));
        }
    }
}

TEST_CASE("session: data past the granted window is a flow-control error") {
    pc::TunnelOptions server = fastOptions();
    server.limits.initialWindow = 64 * 1024;
    SessionPair pair(fastOptions(), server);
    REQUIRE(waitFor([&] { return pair.established(); }));
    pmproxy::tunnel::Envelope open;
    open.set_seq(1);
    pc::tunnelheads::toOpen(open.mutable_open(), 1, pc::TunnelStreamKind::Http, request());
    pair.clientEnd->sendMessage(encode(open));
    pmproxy::tunnel::Envelope data;
    data.set_seq(2);
    data.mutable_data()->set_stream_id(1);
    data.mutable_data()->set_payload(std::string(64 * 1024 + 1, 'x'));
    pair.clientEnd->sendMessage(encode(data));
    SignalCounter ended(pair.server, &TunnelSession::terminated);
    REQUIRE(waitFor([&] { return ended.count == 1; }));
    CHECK(ended.lastError.code == pc::TunnelErrorCode::FlowControl);
}

TEST_CASE("session: garbage from the peer ends the session, never crashes it") {
    SessionPair pair;
    REQUIRE(waitFor([&] { return pair.established(); }));
    TunnelStream *stream = pair.client->openStream(pc::TunnelStreamKind::Http, request());
    SignalCounter streamError(stream, &TunnelStream::errorOccurred);
    SignalCounter ended(pair.client, &TunnelSession::terminated);
    pair.serverEnd->sendMessage(QByteArray("\x0a\xff\xff\xff\xff\xff\xff", 7));
    REQUIRE(waitFor([&] { return ended.count == 1; }));
    CHECK(streamError.count == 1);
    CHECK(pair.client->openStream(pc::TunnelStreamKind::Http, request()) == nullptr);
}

TEST_CASE("session: a response written through TunnelResponseWriter arrives unframed") {
    SessionPair pair;
    TunnelStream *stream = pair.client->openStream(pc::TunnelStreamKind::Http, request());
    REQUIRE(waitFor([&] { return !pair.serverStreams.isEmpty(); }));
    quint64 counted = 0;
    pc::TunnelResponseWriter writer(pair.serverStreams.first(), [&](quint64 n) { counted += n; });
    pc::HttpResponseHead response;
    response.status = 200;
    response.headers = {{"Transfer-Encoding", "chunked"}, {"Content-Type", "text/plain"}};
    response.framing = {pc::HttpBodyFraming::Kind::Chunked, 0};
    writer.writeInterim(response); // not carried: one head per stream
    REQUIRE_FALSE(writer.writeHead(response));
    writer.writeBody("part one, ");
    writer.writeBody("part two");
    writer.finish();
    Drain down(stream);
    REQUIRE(waitFor([&] { return down.ended; }));
    CHECK(stream->responseHead().status == 200);
    CHECK_FALSE(stream->responseHead().headers.contains("Transfer-Encoding"));
    CHECK(stream->responseHead().headers.value("Content-Type") == "text/plain");
    CHECK(down.data == "part one, part two"); // no chunk framing inside the tunnel
    CHECK(counted > quint64(down.data.size()));
}

TEST_CASE("session: TunnelResponseWriter refuses a head that could not be sent as HTTP/1.1") {
    SessionPair pair;
    TunnelStream *stream = pair.client->openStream(pc::TunnelStreamKind::Http, request());
    REQUIRE(waitFor([&] { return !pair.serverStreams.isEmpty(); }));
    pc::TunnelResponseWriter writer(pair.serverStreams.first());
    pc::HttpResponseHead response;
    response.headers = {{"X-Bad", "a\r\nb"}};
    CHECK(writer.writeHead(response));
    CHECK_FALSE(pair.serverStreams.first()->hasResponse());
    CHECK_FALSE(stream->hasResponse());
}
