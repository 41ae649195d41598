// One stream through `gatewayd agent` at size: 256 MiB up to a TLS echo BMC and the same
// 256 MiB back at once, digests compared, with the agent's memory bounded.
#include "agentfixture.h"
#include "procstatus.h"
#include "tlsecho.h"
#include "waitfor.h"

#include <QCryptographicHash>
#include <QElapsedTimer>
#include <QRandomGenerator>
#include <catch2/catch.hpp>

using namespace agenttest;
using namespace Qt::StringLiterals;
using testsupport::waitFor;

TEST_CASE("agent: 256 MiB each way through one stream, digests equal, agent memory bounded") {
    constexpr qint64 kTotal = 256LL * 1024 * 1024;
    constexpr qint64 kPiece = 64 * 1024;
    AgentFixture f;
    TlsEcho bmc;
    REQUIRE(bmc.ok());
    REQUIRE(f.start({u"--allow"_s, u"127.0.0.1/32"_s}));
    pc::TunnelStream *stream = f.gateway.openConnect("127.0.0.1:" + QByteArray::number(bmc.port()));
    REQUIRE(waitFor([&] { return answered(stream); }));
    REQUIRE(statusOf(stream) == 200);
    const qint64 rssAtStart = testsupport::rssKib(f.agent->pid());

    // Random pieces (no framing mistake passes for them), each stamped with its offset.
    QByteArray base(kPiece, Qt::Uninitialized);
    QRandomGenerator generator(20261203);
    generator.fillRange(reinterpret_cast<quint32 *>(base.data()), kPiece / 4);
    QCryptographicHash sent(QCryptographicHash::Sha256);
    QCryptographicHash received(QCryptographicHash::Sha256);
    qint64 sentBytes = 0;
    qint64 receivedBytes = 0;
    qint64 maxRss = 0;
    const qint64 highWater = stream->session()->options().streamWriteHighWater;
    auto pump = [&] {
        while (sentBytes < kTotal && stream->bytesToWrite() < highWater) {
            QByteArray piece = base;
            const qint64 offset = sentBytes;
            memcpy(piece.data(), &offset, sizeof offset);
            sent.addData(piece);
            stream->write(piece);
            sentBytes += kPiece;
        }
        while (stream->bytesAvailable() > 0) {
            const QByteArray data = stream->read(1024 * 1024);
            received.addData(data);
            receivedBytes += data.size();
        }
    };
    QObject::connect(stream, &QIODevice::readyRead, stream, pump);
    QObject::connect(stream, &QIODevice::bytesWritten, stream, pump);
    QElapsedTimer clock;
    clock.start();
    pump();
    REQUIRE(waitFor(
        [&] {
            maxRss = qMax(maxRss, testsupport::rssKib(f.agent->pid()));
            return receivedBytes >= kTotal || stream->isRemoteFinished();
        },
        300000));
    const qint64 ms = clock.elapsed();
    const qint64 peak = testsupport::peakRssKib(f.agent->pid());
    CHECK(receivedBytes == kTotal);
    CHECK(received.result() == sent.result());
    CHECK_FALSE(stream->error());
    WARN("256 MiB each way in " << ms << " ms; agent RSS " << rssAtStart << " KiB at start, "
                                << maxRss << " KiB max sampled, " << peak << " KiB peak");
    // Bounded: windows, replay buffer and relay backlogs, not the transfer's size.
    CHECK(peak < 96 * 1024);
}
