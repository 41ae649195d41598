// 1 GiB through gatewayd each way, every byte checked, while gatewayd's peak memory
// stays bounded (the bar: 150 MiB). Memory, not speed, is asserted here; the
// throughput is printed for information and measured in tests/bench.
#include "bmcsim/vmediapattern.h"
#include "gatewayfixture.h"
#include "http/httpparser.h"
#include "http/httpparserlistener.h"
#include "procstatus.h"
#include "util/writebacklog.h"

#include <QCryptographicHash>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QJsonDocument>
#include <QSslSocket>
#include <QTimer>
#include <catch2/catch.hpp>

using namespace Qt::StringLiterals;

namespace {

constexpr qint64 kSize = qint64(1) << 30;
constexpr qint64 kPiece = 256 * 1024;

// Reads one response; checks a streamed body against the vmedia pattern on the fly.
class Receiver : public pc::HttpParserListener {
public:
    Action onResponseHead(const pc::HttpResponseHead &head) override {
        status = head.status;
        return Action::Continue;
    }
    Action onBody(QByteArrayView data) override {
        if (checkPattern) {
            expected.resize(data.size());
            bmcsim::vmedia::fill(quint64(received), expected.data(), data.size());
            if (QByteArrayView(expected) != data && firstMismatch < 0)
                firstMismatch = received;
        } else {
            body += data.toByteArray();
        }
        received += data.size();
        return Action::Continue;
    }
    Action onMessageComplete() override {
        done = true;
        return Action::Continue;
    }
    bool checkPattern = false;
    int status = 0;
    qint64 received = 0;
    qint64 firstMismatch = -1;
    QByteArray expected;
    QByteArray body;
    bool done = false;
};

struct Transfer {
    Receiver receiver;
    qint64 sent = 0;
    QString error;
    double seconds = 0;
};

// One request over TLS; UPLOAD bytes of the pattern follow the head, written only as
// fast as the socket takes them.
Transfer run(quint16 port, const QByteArray &head, qint64 upload, bool checkDownload) {
    Transfer t;
    t.receiver.checkPattern = checkDownload;
    pc::HttpParser parser(pc::HttpParser::Mode::Response, &t.receiver);
    parser.pushRequestMethod(head.left(head.indexOf(' ')));
    QSslSocket socket;
    socket.setPeerVerifyMode(QSslSocket::VerifyNone);
    QEventLoop loop;
    QTimer deadline;
    deadline.setSingleShot(true);
    QObject::connect(&deadline, &QTimer::timeout, &loop, [&] {
        t.error = u"deadline passed"_s;
        loop.quit();
    });
    QByteArray piece(kPiece, Qt::Uninitialized);
    // The backlog counts the encrypted bytes too: QSslSocket's bytesToWrite() alone drops to
    // 0 as soon as a piece is encrypted, so the pump would encrypt the whole upload into
    // memory without ever returning to send the handshake's last flight (under load the
    // gateway then timed the handshake out: "upload status 0").
    // encryptedBytesWritten comes during the handshake too: nothing before the head.
    bool headSent = false;
    auto pump = [&] {
        while (headSent && t.sent < upload && pc::writeBacklog(&socket) < 4 * kPiece) {
            const qint64 n = std::min(kPiece, upload - t.sent);
            bmcsim::vmedia::fill(quint64(t.sent), piece.data(), n);
            socket.write(piece.constData(), n);
            t.sent += n;
        }
    };
    QObject::connect(&socket, &QSslSocket::encrypted, &loop, [&] {
        socket.write(head);
        headSent = true;
        pump();
    });
    pc::onWriteProgress(&socket, &loop, pump);
    QObject::connect(&socket, &QIODevice::readyRead, &loop, [&] {
        auto consumed = parser.feed(socket.readAll());
        if (!consumed) {
            t.error = consumed.error().message;
            loop.quit();
        } else if (t.receiver.done) {
            loop.quit();
        }
    });
    QObject::connect(&socket, &QAbstractSocket::disconnected, &loop, [&] {
        if (!t.receiver.done)
            t.error =
                u"disconnected after %1 bytes sent: %2"_s.arg(t.sent).arg(socket.errorString());
        loop.quit();
    });
    QElapsedTimer clock;
    clock.start();
    socket.connectToHostEncrypted(u"127.0.0.1"_s, port);
    deadline.start(10 * 60 * 1000);
    loop.exec();
    t.seconds = double(clock.elapsed()) / 1000.0;
    return t;
}

} // namespace

TEST_CASE("gateway: 1 GiB download and upload arrive whole with bounded gateway memory") {
    GatewayFixture::Options options;
    options.platform = u"generic"_s;
    GatewayFixture gw(options);
    REQUIRE(gw.ok());
    const QByteArray cookies = gw.login(gw.mint(QJsonObject{{u"platform"_s, u"generic"_s}}));
    REQUIRE_FALSE(cookies.isEmpty());

    const Transfer down = run(gw.gatewayPort(),
                              "GET /vmedia/download?size=" + QByteArray::number(kSize) +
                                  " HTTP/1.1\r\nHost: localhost\r\nCookie: " + cookies + "\r\n\r\n",
                              0, true);
    INFO(down.error.toStdString());
    REQUIRE(down.receiver.status == 200);
    CHECK(down.receiver.received == kSize);
    CHECK(down.receiver.firstMismatch == -1);

    const Transfer up = run(gw.gatewayPort(),
                            "PUT /vmedia/upload HTTP/1.1\r\nHost: localhost\r\nCookie: " + cookies +
                                "\r\nContent-Type: application/octet-stream\r\nContent-Length: " +
                                QByteArray::number(kSize) + "\r\n\r\n",
                            kSize, false);
    INFO(up.error.toStdString() << " (sent " << up.sent << " bytes in " << up.seconds
                                << " s, answer " << up.receiver.received << " bytes, "
                                << (up.receiver.done ? "complete" : "incomplete") << ": "
                                << up.receiver.body.left(200).toStdString() << ")");
    REQUIRE(up.receiver.status == 200);
    const QJsonObject result = QJsonDocument::fromJson(up.receiver.body).object();
    CHECK(result.value(u"bytes"_s).toInteger() == kSize);

    // The same bytes hashed here: the BMC must have received exactly what was sent.
    QCryptographicHash sha(QCryptographicHash::Sha256);
    QByteArray piece(kPiece, Qt::Uninitialized);
    for (qint64 off = 0; off < kSize; off += kPiece) {
        bmcsim::vmedia::fill(quint64(off), piece.data(), kPiece);
        sha.addData(piece);
    }
    CHECK(result.value(u"sha256"_s).toString() == QString::fromLatin1(sha.result().toHex()));

    const qint64 peak = testsupport::peakRssKib(gw.gatewayPid());
    WARN("gatewayd peak RSS " << peak / 1024 << " MiB; download " << down.seconds << " s, upload "
                              << up.seconds << " s for 1 GiB each");
    REQUIRE(peak > 0);
    CHECK(peak < 150 * 1024);
}
