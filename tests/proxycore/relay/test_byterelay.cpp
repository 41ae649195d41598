// The byte relay after a protocol upgrade (proxycore/relay/byterelay.h), between real
// loopback TCP connections: the test plays the browser on one side and the BMC on the
// other, the relay holds the two sockets in the middle.
#include "relay/byterelay.h"
#include "waitfor.h"

#include <QTcpServer>
#include <QTcpSocket>
#include <QTimer>
#include <algorithm>
#include <catch2/catch.hpp>
#include <memory>

namespace {

constexpr int kWaitMs = 20000;

QByteArray pattern(qint64 size, char seed) {
    QByteArray data(size, Qt::Uninitialized);
    for (qint64 i = 0; i < size; ++i)
        data[i] = char((i * 7 + seed + i / 251) & 0xff);
    return data;
}

// One loopback TCP connection: the peer the test plays, and the relay's end of it.
struct Link {
    std::unique_ptr<QTcpSocket> peer;
    std::unique_ptr<QTcpSocket> relayEnd;
    QByteArray received; // what the peer read (when it reads: see collect())

    // Small kernel buffers on the way to the peer (no autotuning to several MiB), so that
    // a peer that does not read soon holds the relay back.
    void narrow() {
        relayEnd->setSocketOption(QAbstractSocket::SendBufferSizeSocketOption, 64 * 1024);
        peer->setSocketOption(QAbstractSocket::ReceiveBufferSizeSocketOption, 64 * 1024);
    }

    void collect() {
        QObject::connect(peer.get(), &QIODevice::readyRead, peer.get(),
                         [this] { received += peer->readAll(); });
    }
};

// A listener on loopback port 0 and the two connections the relay joins.
struct Fixture {
    QTcpServer listener;
    Link browser;
    Link bmc;

    Fixture() {
        REQUIRE(listener.listen(QHostAddress::LocalHost, 0));
        connect(browser);
        connect(bmc);
    }

    void connect(Link &link) {
        link.peer = std::make_unique<QTcpSocket>();
        link.peer->connectToHost(QHostAddress::LocalHost, listener.serverPort());
        REQUIRE(testsupport::waitFor(
            [&] {
                return listener.hasPendingConnections() &&
                       link.peer->state() == QAbstractSocket::ConnectedState;
            },
            kWaitMs));
        link.relayEnd.reset(listener.nextPendingConnection());
        link.relayEnd->setParent(nullptr);
    }
};

// Frames of ten bytes toward the client: the boundary is after every tenth byte.
class TenByteFrames : public pc::ByteRelayObserver {
public:
    void relayed(pc::RelayDirection direction, QByteArrayView data) override {
        if (direction == pc::RelayDirection::Down)
            m_down += quint64(data.size());
    }
    quint64 bytesToBoundary() const override { return (10 - m_down % 10) % 10; }

private:
    quint64 m_down = 0;
};

} // namespace

TEST_CASE("relay: bytes go both ways in order, the leftover of each side first") {
    Fixture f;
    f.browser.collect();
    f.bmc.collect();
    // Bytes each peer sent before the relay started wait in the relay's sockets...
    f.browser.peer->write("browser's first words|");
    f.bmc.peer->write("BMC's first words|");
    REQUIRE(testsupport::waitFor(
        [&] {
            return f.browser.relayEnd->bytesAvailable() > 0 && f.bmc.relayEnd->bytesAvailable() > 0;
        },
        kWaitMs));
    pc::ByteRelay relay(f.browser.relayEnd.get(), f.bmc.relayEnd.get());
    // ... and go after what was read past the upgrade's head before the relay began.
    relay.start("rest of the 101|", "rest of the upgrade request|");
    QByteArray up = "rest of the upgrade request|browser's first words|";
    QByteArray down = "rest of the 101|BMC's first words|";
    for (int i = 0; i < 200; ++i) {
        const QByteArray toBmc = "up " + QByteArray::number(i) + ';';
        const QByteArray toBrowser = pattern(1000 + i, char(i));
        f.browser.peer->write(toBmc);
        f.bmc.peer->write(toBrowser);
        up += toBmc;
        down += toBrowser;
    }
    REQUIRE(testsupport::waitFor(
        [&] {
            return f.bmc.received.size() >= up.size() && f.browser.received.size() >= down.size();
        },
        kWaitMs));
    CHECK(f.bmc.received == up);
    CHECK(f.browser.received == down);
    CHECK(relay.bytesUp() == quint64(up.size()));
    CHECK(relay.bytesDown() == quint64(down.size()));
}

TEST_CASE("relay: an 8 MiB transfer to a slow reader keeps the relay's buffering bounded") {
    Fixture f;
    f.bmc.narrow();
    pc::ByteRelay relay(f.browser.relayEnd.get(), f.bmc.relayEnd.get());
    relay.start();
    // What the relay holds: unread in the socket it reads and unsent in the one it writes.
    qint64 mostHeld = 0;
    qint64 mostQueued = 0;
    auto sample = [&] {
        mostHeld = std::max(mostHeld, f.browser.relayEnd->bytesAvailable());
        mostQueued = std::max(mostQueued, f.bmc.relayEnd->bytesToWrite());
    };
    // Connected after the relay's own slots: sampled right after each of its moves.
    QObject::connect(f.browser.relayEnd.get(), &QIODevice::readyRead, sample);
    QObject::connect(f.bmc.relayEnd.get(), &QIODevice::bytesWritten, sample);
    // The BMC reads 64 KiB at a time, once per millisecond at most.
    f.bmc.peer->setReadBufferSize(64 * 1024);
    QTimer slowReader;
    slowReader.setTimerType(Qt::PreciseTimer);
    QObject::connect(&slowReader, &QTimer::timeout, [&] {
        f.bmc.received += f.bmc.peer->read(64 * 1024);
        sample();
    });
    const QByteArray sent = pattern(8 * 1024 * 1024, 'u');
    f.browser.peer->write(sent);
    // The BMC reads nothing until the relay has backed up to its high-water mark (it
    // must wait on the reader, whatever the machine's speed), then reads slowly.
    REQUIRE(testsupport::waitFor(
        [&] { return f.bmc.relayEnd->bytesToWrite() >= pc::ByteRelay::kHighWater; }, 60000));
    slowReader.start(1);
    REQUIRE(testsupport::waitFor([&] { return f.bmc.received.size() >= sent.size(); }, 60000));
    CHECK(f.bmc.received == sent);
    CHECK(mostHeld <= pc::ByteRelay::kHighWater);
    CHECK(mostQueued <= pc::ByteRelay::kHighWater + pc::ByteRelay::kPiece);
}

TEST_CASE("relay: one side closing ends the other after the pending bytes are delivered") {
    Fixture f;
    const bool bmcCloses = GENERATE(true, false);
    CAPTURE(bmcCloses);
    Link &closer = bmcCloses ? f.bmc : f.browser;
    Link &other = bmcCloses ? f.browser : f.bmc;
    other.narrow();
    pc::ByteRelay relay(f.browser.relayEnd.get(), f.bmc.relayEnd.get());
    int closed = 0;
    QObject::connect(&relay, &pc::ByteRelay::closed, [&] { ++closed; });
    relay.start();
    // 1 MiB and a close, while the other side reads nothing yet: the relay holds back.
    const QByteArray sent = pattern(1024 * 1024, 'c');
    closer.peer->write(sent);
    closer.peer->disconnectFromHost();
    REQUIRE(testsupport::waitFor(
        [&] { return closer.peer->state() == QAbstractSocket::UnconnectedState; }, kWaitMs));
    CHECK(closed == 0); // not before what was sent is on its way
    other.collect();
    other.received += other.peer->readAll();
    REQUIRE(testsupport::waitFor(
        [&] { return other.peer->state() == QAbstractSocket::UnconnectedState; }, kWaitMs));
    other.received += other.peer->readAll();
    CHECK(other.received == sent);
    CHECK(closed == 1);
}

TEST_CASE("relay: ending at a boundary lets the frame in flight end, then sends the last words") {
    Fixture f;
    f.browser.collect();
    f.bmc.collect();
    TenByteFrames frames;
    pc::ByteRelay relay(f.browser.relayEnd.get(), f.bmc.relayEnd.get());
    relay.setObserver(&frames);
    int closed = 0;
    QObject::connect(&relay, &pc::ByteRelay::closed, [&] { ++closed; });
    relay.start();
    f.bmc.peer->write("0123456789abcde"); // a frame and a half
    REQUIRE(testsupport::waitFor([&] { return f.browser.received.size() == 15; }, kWaitMs));
    relay.endAtBoundary("BYE", kWaitMs);
    f.browser.peer->write("dropped"); // the client's words are not relayed any more
    f.bmc.peer->write("fghijKLMNO");  // the frame's end goes, the next frame does not
    REQUIRE(testsupport::waitFor(
        [&] { return f.browser.peer->state() == QAbstractSocket::UnconnectedState; }, kWaitMs));
    f.browser.received += f.browser.peer->readAll();
    CHECK(f.browser.received == "0123456789abcdefghijBYE");
    REQUIRE(testsupport::waitFor(
        [&] { return f.bmc.peer->state() == QAbstractSocket::UnconnectedState; }, kWaitMs));
    CHECK(f.bmc.received.isEmpty());
    CHECK(closed == 1);
}
