// TCP_NODELAY on the data path's sockets (proxycore/util/lowdelay.h): a small write must
// leave at once, not wait for the peer's delayed ACK of the previous one.
#include "util/lowdelay.h"

#include <QSslSocket>
#include <QTcpServer>
#include <catch2/catch.hpp>

TEST_CASE("low delay: a connected QSslSocket's TCP connection gets TCP_NODELAY") {
    QTcpServer listener;
    REQUIRE(listener.listen(QHostAddress::LocalHost, 0));
    QSslSocket client;
    CHECK_FALSE(pc::setLowDelay(&client)); // no descriptor yet
    client.connectToHost(QHostAddress::LocalHost, listener.serverPort());
    REQUIRE(client.waitForConnected(5000));
    CHECK_FALSE(pc::hasLowDelay(client.socketDescriptor())); // the kernel's default
    CHECK(pc::setLowDelay(&client));
    CHECK(pc::hasLowDelay(client.socketDescriptor()));
    CHECK(client.socketOption(QAbstractSocket::LowDelayOption).toInt() == 1);
}
