// One pmproxy window per user: a second process hands its link to the first.
#include "apptestsupport.h"
#include "instance/singleinstance.h"

#include <QEventLoop>
#include <QFile>
#include <QLocalSocket>
#include <QTemporaryDir>
#include <QTimer>
#include <catch2/catch.hpp>
#include <cstring>
#include <sys/socket.h>
#include <sys/un.h>
#include <thread>
#include <unistd.h>

using namespace Qt::StringLiterals;
using app::SingleInstance;

namespace {

// Waits (bounded) for SIGNAL's first emission while the event loop runs.
template <typename Sender, typename Signal>
bool waitFor(Sender *sender, Signal signal, int timeoutMs = 10000) {
    QEventLoop loop;
    bool fired = false;
    QObject::connect(sender, signal, &loop, [&] {
        fired = true;
        loop.quit();
    });
    QTimer::singleShot(timeoutMs, &loop, &QEventLoop::quit);
    loop.exec();
    return fired;
}

// handOver() blocks, so the second instance runs on a thread while the first one's event
// loop serves it, as two processes would.
bool handOverFromThread(const QString &name, const QString &link, QString *received,
                        SingleInstance &first) {
    bool handed = false;
    std::thread client([&] {
        SingleInstance second(name);
        handed = second.handOver(link, 5000);
    });
    QEventLoop loop;
    QObject::connect(&first, &SingleInstance::linkReceived, &loop, [&](const QString &l) {
        *received = l;
        loop.quit();
    });
    QTimer::singleShot(8000, &loop, &QEventLoop::quit);
    loop.exec();
    client.join();
    return handed;
}

} // namespace

TEST_CASE("the default instance name is per user and in a private directory") {
    const QString name = SingleInstance::defaultServerName();
    CHECK(name.startsWith(u'/'));
    CHECK(name.contains(u"/pmproxy-"_s));
    CHECK(name.endsWith(u".socket"_s));
}

TEST_CASE("with no running instance there is nobody to hand over to") {
    QTemporaryDir dir;
    SingleInstance second(dir.filePath(u"pm.socket"_s));
    CHECK_FALSE(second.handOver(u"a.b.c"_s, 1000));
}

TEST_CASE("a second instance hands its link to the first") {
    QTemporaryDir dir;
    const QString name = dir.filePath(u"pm.socket"_s);
    SingleInstance first(name);
    REQUIRE(first.listen());

    QString received;
    CHECK(handOverFromThread(name, u"pmproxy://gpsession?token=a.b.c"_s, &received, first));
    CHECK(received == u"pmproxy://gpsession?token=a.b.c"_s);

    // An empty link only raises the window.
    received = u"unset"_s;
    CHECK(handOverFromThread(name, QString(), &received, first));
    CHECK(received.isEmpty());

    // Only one instance listens under a name.
    SingleInstance other(name);
    CHECK_FALSE(other.listen());
    CHECK(other.errorString().contains(u"already running"_s));
}

TEST_CASE("a socket file left by a dead instance is taken over") {
    QTemporaryDir dir;
    const QString name = dir.filePath(u"pm.socket"_s);
    {
        // What a crashed instance leaves behind: a bound socket file nobody listens on.
        const int fd = ::socket(AF_UNIX, SOCK_STREAM, 0);
        REQUIRE(fd >= 0);
        sockaddr_un addr{};
        addr.sun_family = AF_UNIX;
        const QByteArray path = QFile::encodeName(name);
        REQUIRE(size_t(path.size()) < sizeof(addr.sun_path));
        std::memcpy(addr.sun_path, path.constData(), size_t(path.size()));
        REQUIRE(::bind(fd, reinterpret_cast<sockaddr *>(&addr), sizeof(addr)) == 0);
        ::close(fd);
    }
    REQUIRE(QFile::exists(name));
    SingleInstance second(name);
    CHECK_FALSE(second.handOver(u"a.b.c"_s, 1000));
    SingleInstance fresh(name);
    REQUIRE(fresh.listen());
    QString received;
    CHECK(handOverFromThread(name, u"a.b.c"_s, &received, fresh));
    CHECK(received == u"a.b.c"_s);
}

TEST_CASE("silent, oversized and garbage clients do not hurt the running instance") {
    QTemporaryDir dir;
    const QString name = dir.filePath(u"pm.socket"_s);
    SingleInstance first(name);
    REQUIRE(first.listen());

    QLocalSocket silent;
    silent.connectToServer(name);
    REQUIRE(silent.waitForConnected(2000));

    QLocalSocket huge;
    huge.connectToServer(name);
    REQUIRE(huge.waitForConnected(2000));
    huge.write(QByteArray(SingleInstance::MaxMessageSize + 1024, 'x'));
    REQUIRE(waitFor(&huge, &QLocalSocket::disconnected));

    int received = 0;
    QObject::connect(&first, &SingleInstance::linkReceived, [&] { ++received; });
    QString link;
    CHECK(handOverFromThread(name, u"x.y.z"_s, &link, first));
    CHECK(link == u"x.y.z"_s);
    CHECK(received == 1);

    // The silent client is dropped after a few seconds.
    REQUIRE(waitFor(&silent, &QLocalSocket::disconnected, 10000));
}

TEST_CASE("two pmproxy processes: the second hands its link over and exits 0") {
    QTemporaryDir runtime;
    QProcessEnvironment env = apptest::baseEnvironment(runtime.path());
    env.insert(u"PMPROXY_TEST_EVENTS"_s, u"1"_s);

    QProcess first;
    first.setProcessEnvironment(env);
    first.start(QStringLiteral(PMPROXY_BIN), QStringList{});
    REQUIRE(first.waitForStarted(10000));
    QStringList seen;
    REQUIRE(apptest::waitForLine(first, u"ready"_s, 30000, &seen) == u"ready"_s);

    const QString token =
        apptest::mintToken({{u"ip"_s, u"10.1.2.3"_s}, {u"platform"_s, u"ilo5"_s}});
    const auto second = apptest::run({u"pmproxy://gpsession?token="_s + token}, env, 30000);
    CHECK(second.finished);
    CHECK(second.exitCode == 0);
    CHECK(second.out.isEmpty()); // no window, no "ready": it handed over

    CHECK(apptest::waitForLine(first, u"opened tab"_s, 30000, &seen) ==
          u"opened tab ilo5 10.1.2.3:443"_s);

    // A bad link is refused by the second process itself; the first opens nothing.
    const auto bad = apptest::run({u"not-a-link"_s}, env, 30000);
    CHECK(bad.exitCode == 2);
    // SIGTERM closes the window cleanly.
    first.terminate();
    REQUIRE(first.waitForFinished(15000));
    CHECK(first.exitStatus() == QProcess::NormalExit);
    CHECK(first.exitCode() == 0);
    seen.append(QString::fromUtf8(first.readAllStandardOutput()).split(u'\n'));
    CHECK(seen.filter(u"opened tab"_s).size() == 1);
    apptest::end(first);
}
