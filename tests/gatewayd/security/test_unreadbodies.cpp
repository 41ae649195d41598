// Issue 8, point 10 (part): a request answered with an error before its body ended is
// not read any further, and gatewayd does not buffer what its client goes on sending.
// A tunnel stream answered with an error takes at most a bounded amount more, then ends
// with a clear error; gatewayd's memory stays bounded while a client pushes 512 MiB into
// such streams.
#include "gatewayfixture.h"
#include "simclient.h"
#include "tunnel/tunnelclient.h"
#include "tunnel/tunnelsession.h"
#include "tunnel/tunnelstream.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QFile>
#include <QTimer>
#include <catch2/catch.hpp>

using namespace Qt::StringLiterals;
using bmcsim::test::waitFor;

namespace {

qint64 procStatusKib(qint64 pid, const QByteArray &field) {
    QFile status(u"/proc/%1/status"_s.arg(pid));
    if (!status.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray &line : status.readAll().split('\n')) {
        if (line.startsWith(field + ':'))
            return line.mid(field.size() + 1).trimmed().split(' ').value(0).toLongLong();
    }
    return -1;
}

// Writes SIZE bytes on STREAM as fast as it takes them (resuming on bytesWritten), until
// they are all written or the stream ends.
class Pusher {
public:
    Pusher(pc::TunnelStream *stream, qint64 size)
        : m_stream(stream)
        , m_left(size)
        , m_piece(256 * 1024, 'x') {
        QObject::connect(stream, &QIODevice::bytesWritten, [this] { push(); });
        QObject::connect(stream, &pc::TunnelStream::errorOccurred,
                         [this](const pc::TunnelError &e) { error = e; });
        QObject::connect(stream, &QIODevice::readyRead, [stream] { stream->readAll(); });
        push();
    }
    void push() {
        while (m_left > 0 && !error && m_stream->bytesToWrite() < 1024 * 1024) {
            const qint64 n =
                m_stream->write(m_piece.constData(), qMin<qint64>(m_left, m_piece.size()));
            if (n <= 0)
                return;
            m_left -= n;
            pushed += n;
        }
    }
    bool ended() const { return error.has_value() || m_stream->isFinished(); }

    std::optional<pc::TunnelError> error;
    qint64 pushed = 0;

private:
    pc::TunnelStream *m_stream;
    qint64 m_left;
    QByteArray m_piece;
};

} // namespace

TEST_CASE("unread bodies: tunnel streams answered with an error do not buffer what follows") {
    GatewayFixture gw;
    REQUIRE(gw.ok());
    pc::TunnelClient::Options o;
    o.url = QUrl(u"wss://localhost:%1/.pmproxy/tunnel"_s.arg(gw.gatewayPort()));
    o.token = gw.mint({{u"platform"_s, u"generic"_s}});
    o.extraCas = {gw.certificate()};
    o.validUntil = QDateTime::currentDateTime().addSecs(3600);
    pc::TunnelClient client(o);
    bool established = false;
    QObject::connect(&client, &pc::TunnelClient::established, [&] { established = true; });
    client.start();
    REQUIRE(waitFor([&] { return established; }, 15000));
    const qint64 before = procStatusKib(gw.gatewayPid(), "VmRSS");
    REQUIRE(before > 0);

    // 16 streams x 32 MiB = 512 MiB, each refused at once (400: not an origin-form target)
    // while its chunked body keeps coming.
    constexpr int kStreams = 16;
    constexpr qint64 kEach = 32 * 1024 * 1024;
    std::vector<std::unique_ptr<Pusher>> pushers;
    for (int i = 0; i < kStreams; ++i) {
        pc::HttpRequestHead head;
        head.method = "POST";
        head.target = "http://elsewhere/";
        head.headers = {{"Host", "bmc"}, {"Transfer-Encoding", "chunked"}};
        pc::TunnelStream *stream = client.session()->openStream(pc::TunnelStreamKind::Http, head);
        pushers.push_back(std::make_unique<Pusher>(stream, kEach));
    }
    // Event-driven: wait while the streams make progress; a stall of 5 s (nothing pushed,
    // nothing ended) is a failure, whatever the machine's speed.
    auto progress = [&] {
        qint64 n = 0;
        for (const auto &p : pushers)
            n += p->pushed + (p->ended() ? 1 : 0);
        return n;
    };
    auto allEnded = [&] {
        return std::all_of(pushers.begin(), pushers.end(),
                           [](const auto &p) { return p->ended(); });
    };
    qint64 seen = -1;
    while (!allEnded() && progress() != seen) {
        seen = progress();
        waitFor([&] { return allEnded() || progress() != seen; }, 5000);
    }
    const qint64 peak = procStatusKib(gw.gatewayPid(), "VmHWM");
    qint64 pushed = 0;
    for (const auto &p : pushers)
        pushed += p->pushed;
    WARN("gatewayd RSS before " << before / 1024 << " MiB, peak " << peak / 1024 << " MiB; "
                                << pushed / (1024 * 1024) << " MiB pushed");
    REQUIRE(allEnded());
    for (const auto &p : pushers) {
        REQUIRE(p->error.has_value());
        INFO(p->error->message.toStdString());
        CHECK(p->error->code == pc::TunnelErrorCode::Limit);
        CHECK(p->error->message.contains(u"400"_s));
    }
    CHECK(peak - before < 48 * 1024);
}
