// The parts of node groups that need no root: WireGuard key syntax, reading `wg show
// dump`, a socket for a group that does not exist, and how the tools are run.
#include "config/wireguardkey.h"
#include "groups/groupsockets.h"
#include "groups/systemcommand.h"
#include "groups/wireguarddump.h"

#include <QFile>
#include <QString>
#include <QTemporaryDir>
#include <catch2/catch.hpp>
#include <cstdlib>
#include <fcntl.h>
#include <sys/socket.h>
#include <unistd.h>

using namespace Qt::StringLiterals;

TEST_CASE("WireGuard keys: exactly base64 of 32 bytes, canonical") {
    CHECK(gw::WireGuardKey::parse(u"7lzSD9yZvlhgn94fvRNQDXLcOneccZUgyR4gtWR6XzY="_s));
    CHECK_FALSE(gw::WireGuardKey::parse(u""_s));
    CHECK_FALSE(gw::WireGuardKey::parse(u"7lzSD9yZvlhgn94fvRNQDXLcOneccZUgyR4gtWR6XzY"_s));
    // Unused low bits set: not what wg writes.
    CHECK_FALSE(gw::WireGuardKey::parse(u"7lzSD9yZvlhgn94fvRNQDXLcOneccZUgyR4gtWR6XzZ="_s));
    CHECK_FALSE(gw::WireGuardKey::parse(u"7lzSD9yZvlhgn94fvRNQDXLcOneccZUgyR4gtWR6Xz-="_s));
    CHECK_FALSE(gw::WireGuardKey::parse(u"AAAA"_s));
    CHECK(gw::WireGuardKey::parseFile("wPnU1xa01k2Qf/asgXZK6xKsfvcMT6bbw54FwkIEpGE=\n"));
    CHECK_FALSE(gw::WireGuardKey::parseFile("-----BEGIN PRIVATE KEY-----\n"));
}

TEST_CASE("wg show dump: peers read, the interface's private key not kept") {
    const QByteArray dump =
        "PRIVATEPRIVATEPRIVATEPRIVATEPRIVATEPRIVATE=\tUIE095CQA7l+jUEwpnDtYLLSfzdzibibLqTR+2qiQ3g="
        "\t51999\toff\n"
        "LXEApJ5feWUDA8FYgwg9PYk5czQ60ZQEXhguzVizWRY=\t(none)\t192.168.199.2:56599\t10.8.0.2/"
        "32,10.9.0.0/16\t1796323888\t836\t652\toff\n"
        "7lzSD9yZvlhgn94fvRNQDXLcOneccZUgyR4gtWR6XzY=\t(none)\t(none)\t(none)\t0\t0\t0\t25\n";
    const auto parsed = gw::WireGuardDump::parse(dump);
    REQUIRE(parsed);
    CHECK(parsed->publicKey == u"UIE095CQA7l+jUEwpnDtYLLSfzdzibibLqTR+2qiQ3g="_s);
    CHECK(parsed->listenPort == 51999);
    REQUIRE(parsed->peers.size() == 2);
    CHECK(parsed->peers[0].endpoint == u"192.168.199.2:56599"_s);
    CHECK(parsed->peers[0].allowedIps == QStringList{u"10.8.0.2/32"_s, u"10.9.0.0/16"_s});
    CHECK(parsed->peers[0].latestHandshake == 1796323888);
    CHECK(parsed->peers[0].rxBytes == 836);
    CHECK(parsed->peers[0].txBytes == 652);
    CHECK(parsed->peers[1].endpoint.isEmpty());
    CHECK(parsed->peers[1].allowedIps.isEmpty());
    CHECK(parsed->peers[1].latestHandshake == 0);

    CHECK_FALSE(gw::WireGuardDump::parse("unable to access interface: No such device\n"));
    CHECK_FALSE(gw::WireGuardDump::parse(""));
}

TEST_CASE("a socket for a group without a namespace is an error, not a crash") {
    QString error;
    CHECK(gw::GroupSockets::openTcpSocket(u"no-such-group-xyz"_s, AF_INET, &error) == -1);
    CHECK(error.contains(u"no-such-group-xyz"_s));
    CHECK(gw::GroupSockets::openTcpSocket(u"../etc"_s, AF_INET, &error) == -1);
    CHECK(gw::GroupSockets::openTcpSocket(u"x"_s, AF_UNIX, &error) == -1);
    CHECK(gw::GroupSockets::openTcpSocket(u"x"_s, AF_INET, nullptr) == -1);
}

TEST_CASE("the network tools: never found through PATH, and given none of gatewayd's "
          "descriptors") {
    // An "ip" first in PATH is not the one run.
    QTemporaryDir dir;
    REQUIRE(dir.isValid());
    QFile fake(dir.filePath(u"ip"_s));
    REQUIRE(fake.open(QIODevice::WriteOnly));
    fake.write("#!/bin/sh\necho fake\n");
    fake.close();
    fake.setPermissions(QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
    const QByteArray path = qgetenv("PATH");
    qputenv("PATH", QFile::encodeName(dir.path()) + ':' + path);
    const QString located = gw::SystemCommand::locate(u"ip"_s);
    const QString ls = gw::SystemCommand::locate(u"ls"_s);
    qputenv("PATH", path);
    CHECK_FALSE(located.startsWith(dir.path()));
    REQUIRE(ls.startsWith(u"/"_s));

    // A descriptor gatewayd holds open (without close-on-exec) is not in the child.
    const int fd = ::open("/dev/null", O_RDONLY);
    REQUIRE(fd >= 0);
    REQUIRE(::dup2(fd, 200) == 200);
    ::close(fd);
    const auto listed = gw::SystemCommand::run(u"ls"_s, {u"/proc/self/fd"_s});
    ::close(200);
    REQUIRE(listed);
    const QList<QByteArray> fds = listed->split('\n');
    CHECK(fds.contains("2"));
    CHECK_FALSE(fds.contains("200"));
}
