// The pool of idle BMC connections: what it does when it goes away with connections
// still waiting in it (gatewayd's shutdown on SIGTERM).
#include "upstream/upstreampool.h"

#include <QSslSocket>
#include <QTcpServer>
#include <QTcpSocket>
#include <catch2/catch.hpp>
#include <memory>
#include <vector>

using namespace Qt::StringLiterals;

namespace {

// A connected client socket (plain TCP inside a QSslSocket, as the pool holds them)
// and the server's end of it.
struct Connection {
    QSslSocket *client = nullptr;
    QTcpSocket *server = nullptr;
};

Connection connect(QTcpServer &listener) {
    Connection c;
    c.client = new QSslSocket;
    c.client->connectToHost(QHostAddress::LocalHost, listener.serverPort());
    if (!c.client->waitForConnected(5000) ||
        (!listener.hasPendingConnections() && !listener.waitForNewConnection(5000)))
        return c;
    c.server = listener.nextPendingConnection();
    return c;
}

} // namespace

TEST_CASE("upstream pool: going away with idle connections closes each of them") {
    QTcpServer listener;
    REQUIRE(listener.listen(QHostAddress::LocalHost, 0));
    // Several rounds: the fault this guards against (the pool's own discard running
    // on its disconnected() while the destructor walks the lists, deleting a timer
    // already freed) did not crash every time.
    for (int round = 0; round < 20; ++round) {
        auto pool = std::make_unique<pc::UpstreamPool>(4, 30000);
        std::vector<Connection> connections;
        for (int i = 0; i < 6; ++i) {
            connections.push_back(connect(listener));
            REQUIRE(connections.back().server);
            pool->giveBack(i % 2 ? u"10.0.0.5:443"_s : u"10.0.0.6:443"_s,
                           connections.back().client);
        }
        REQUIRE(pool->idleCount() == 6);
        pool.reset();
        for (const Connection &c : connections) {
            if (c.server->state() == QAbstractSocket::ConnectedState)
                c.server->waitForDisconnected(5000);
            CHECK(c.server->state() == QAbstractSocket::UnconnectedState);
            delete c.server;
        }
    }
}
