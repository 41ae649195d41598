// One pmproxy window per user: a second process hands its link to the first.
#include "apptestsupport.h"
#include "instance/singleinstance.h"

#include <QDir>
#include <QDirIterator>
#include <QEventLoop>
#include <QFile>
#include <QFileInfo>
#include <QLocalSocket>
#include <QTemporaryDir>
#include <QTimer>
#include <catch2/catch.hpp>
#include <cstring>
#include <sys/socket.h>
#include <sys/stat.h>
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
    first.start(apptest::program(), QStringList{});
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

namespace {

// Socket files under DIR, recursively.
QStringList socketsUnder(const QString &dir) {
    QStringList found;
    QDirIterator it(dir, QDir::System | QDir::Hidden | QDir::NoDotAndDotDot,
                    QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString path = it.next();
        struct stat st {};
        if (::lstat(QFile::encodeName(path).constData(), &st) == 0 && S_ISSOCK(st.st_mode))
            found.append(path);
    }
    return found;
}

// Starts a pmproxy window in ENV and hands a link to it from a second process; the
// instance socket must then be at SOCKET and nowhere under SHARED.
void checkInstanceSocket(const QProcessEnvironment &env, const QString &socketDir,
                         const QString &shared) {
    QProcess first;
    first.setProcessEnvironment(env);
    first.start(apptest::program(), QStringList{});
    REQUIRE(first.waitForStarted(10000));
    QStringList seen;
    REQUIRE(apptest::waitForLine(first, u"ready"_s, 30000, &seen) == u"ready"_s);

    const QStringList sockets = socketsUnder(socketDir);
    INFO(QString::fromUtf8(first.readAllStandardError()).toStdString());
    REQUIRE(sockets.size() == 1);
    QFileInfo dir(QFileInfo(sockets.first()).path());
    CHECK(dir.absoluteFilePath() == QDir(socketDir).absolutePath());
    struct stat st {};
    REQUIRE(::stat(QFile::encodeName(dir.absoluteFilePath()).constData(), &st) == 0);
    CHECK((st.st_mode & 07777) == 0700);
    CHECK(st.st_uid == ::geteuid());
    CHECK(socketsUnder(shared).isEmpty());

    const QString token = apptest::mintToken({{u"ip"_s, u"10.1.2.4"_s}});
    const auto second = apptest::run({token}, env, 30000);
    CHECK(second.exitCode == 0);
    CHECK(apptest::waitForLine(first, u"opened tab"_s, 30000, &seen) ==
          u"opened tab idrac9 10.1.2.4:443"_s);
    apptest::end(first);
}

// Runs python3 SCRIPT as the user nobody; its stdout is read by the caller.
bool startAsNobody(QProcess &python, const QString &script, const QStringList &args) {
    // Modules first: the interpreter's own files may not be readable by nobody.
    python.start(
        u"python3"_s,
        QStringList{u"-c"_s, u"import os, socket, sys\nos.setgroups([]); os.setgid(65534); "
                             u"os.setuid(65534)\n"_s +
                                 script} +
            args);
    return python.waitForStarted(10000);
}

} // namespace

TEST_CASE("without a private XDG_RUNTIME_DIR the instance socket is in the user's cache") {
    QTemporaryDir root;
    const QString cache = root.filePath(u"cache"_s), tmp = root.filePath(u"tmp"_s);
    QDir().mkpath(tmp);
    QProcessEnvironment env = apptest::baseEnvironment(root.path());
    env.insert(u"PMPROXY_TEST_EVENTS"_s, u"1"_s);
    env.insert(u"XDG_CACHE_HOME"_s, cache);
    env.insert(u"TMPDIR"_s, tmp);

    SECTION("XDG_RUNTIME_DIR unset") {
        env.remove(u"XDG_RUNTIME_DIR"_s);
        checkInstanceSocket(env, cache + u"/pmproxy"_s, tmp);
    }
    SECTION("XDG_RUNTIME_DIR open to other users") {
        const QString runtime = root.filePath(u"runtime"_s);
        REQUIRE(::mkdir(QFile::encodeName(runtime).constData(), 0755) == 0);
        REQUIRE(::chmod(QFile::encodeName(runtime).constData(), 0755) == 0);
        env.insert(u"XDG_RUNTIME_DIR"_s, runtime);
        checkInstanceSocket(env, cache + u"/pmproxy"_s, root.filePath(u"runtime"_s));
        CHECK(socketsUnder(tmp).isEmpty());
    }
    SECTION("a private XDG_RUNTIME_DIR is used") {
        const QString runtime = root.filePath(u"runtime"_s);
        REQUIRE(::mkdir(QFile::encodeName(runtime).constData(), 0700) == 0);
        env.insert(u"XDG_RUNTIME_DIR"_s, runtime);
        checkInstanceSocket(env, runtime, tmp);
    }
}

TEST_CASE("the running instance takes no link from another user") {
    if (::geteuid() != 0) {
        WARN("needs root to run a client as another user; skipped");
        return;
    }
    QTemporaryDir dir;
    const QString name = dir.filePath(u"pm.socket"_s);
    SingleInstance first(name);
    REQUIRE(first.listen());
    // Let the other user reach the socket (the real one lives in a 0700 directory).
    REQUIRE(::chmod(QFile::encodeName(dir.path()).constData(), 0711) == 0);
    REQUIRE(::chmod(QFile::encodeName(name).constData(), 0777) == 0);

    int received = 0;
    QObject::connect(&first, &SingleInstance::linkReceived, [&] { ++received; });
    QProcess python;
    REQUIRE(startAsNobody(python, uR"(
import socket, sys
s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
s.connect(sys.argv[1])
try:
    s.sendall(b'pmproxy://gpsession?token=a.b.c\n')
    answer = s.recv(16)
except ConnectionError:
    answer = b''
print('answer', repr(answer), flush=True)
)"_s,
                          {name}));
    QEventLoop loop;
    QObject::connect(&python, &QProcess::finished, &loop, &QEventLoop::quit);
    QTimer::singleShot(20000, &loop, &QEventLoop::quit);
    loop.exec();
    const QString out = QString::fromUtf8(python.readAllStandardOutput());
    INFO(out.toStdString() << QString::fromUtf8(python.readAllStandardError()).toStdString());
    CHECK(out.trimmed() == u"answer b''"_s); // closed without an answer
    CHECK(received == 0);
    apptest::end(python);

    // The same user still hands over.
    QString link;
    CHECK(handOverFromThread(name, u"x.y.z"_s, &link, first));
    CHECK(link == u"x.y.z"_s);
}

TEST_CASE("a link is never handed to an instance socket of another user") {
    if (::geteuid() != 0) {
        WARN("needs root to run a server as another user; skipped");
        return;
    }
    QTemporaryDir dir;
    REQUIRE(::chmod(QFile::encodeName(dir.path()).constData(), 0777) == 0);
    const QString name = dir.filePath(u"pm.socket"_s);
    QProcess python;
    REQUIRE(startAsNobody(python, uR"(
import os, socket, sys
s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
s.bind(sys.argv[1])
os.chmod(sys.argv[1], 0o777)
s.listen(1)
print('listening', flush=True)
c, _ = s.accept()
c.settimeout(5)
try:
    data = c.recv(4096)
    c.sendall(b'ok\n')
except Exception:
    data = b''
print('got', len(data), flush=True)
)"_s,
                          {name}));
    REQUIRE(apptest::waitForLine(python, u"listening"_s, 20000) == u"listening"_s);
    SingleInstance second(name);
    CHECK_FALSE(second.handOver(u"pmproxy://gpsession?token=secret.token.x"_s, 5000));
    CHECK(second.errorString().contains(u"another user"_s));
    CHECK(apptest::waitForLine(python, u"got"_s, 20000) == u"got 0"_s); // not a byte of it
    apptest::end(python);
}

TEST_CASE("the window applies its own gateways setting to a handed-over link, with a page") {
    // The running window was started under a setting that allows only *.gw.example.com;
    // a second pmproxy without that setting hands it a link to 127.0.0.1: the window shows
    // a page naming the gateway instead of dialling it.
    QTemporaryDir dir;
    const QString system = dir.filePath(u"etc-xdg"_s);
    QDir().mkpath(system + u"/pmproxy"_s);
    QFile conf(system + u"/pmproxy/pmproxy.conf"_s);
    REQUIRE(conf.open(QIODevice::WriteOnly));
    conf.write("[General]\ngateways=*.gw.example.com\n");
    conf.close();
    QProcessEnvironment windowEnv = apptest::baseEnvironment(dir.path());
    windowEnv.insert(u"PMPROXY_TEST_EVENTS"_s, u"1"_s);
    windowEnv.insert(u"XDG_CONFIG_DIRS"_s, system);
    windowEnv.insert(u"XDG_CONFIG_HOME"_s, dir.filePath(u"config"_s));
    QProcessEnvironment senderEnv = windowEnv;
    senderEnv.insert(u"XDG_CONFIG_DIRS"_s, dir.filePath(u"none"_s));

    QProcess window;
    window.setProcessEnvironment(windowEnv);
    window.start(apptest::program(), QStringList{});
    REQUIRE(window.waitForStarted(10000));
    QStringList seen;
    REQUIRE(apptest::waitForLine(window, u"ready"_s, 30000, &seen) == u"ready"_s);

    const auto sent =
        apptest::run({apptest::mintToken({{u"upstream"_s, u"127.0.0.1:9"_s}})}, senderEnv);
    CHECK(sent.exitCode == 0);
    CHECK(apptest::waitForLine(window, u"refused link:"_s, 30000, &seen) ==
          u"refused link: The gateway 127.0.0.1:9 is not allowed"_s);
    // An allowed gateway still opens a session.
    const auto allowed =
        apptest::run({apptest::mintToken({{u"upstream"_s, u"a.gw.example.com:9"_s}})}, senderEnv);
    CHECK(allowed.exitCode == 0);
    CHECK(apptest::waitForLine(window, u"opened tab"_s, 30000, &seen) ==
          u"opened tab idrac9 10.0.0.5:443"_s);
    INFO(seen.join(u'\n').toStdString());
    CHECK(seen.filter(u"opened tab"_s).size() == 1);
    apptest::end(window);
}
