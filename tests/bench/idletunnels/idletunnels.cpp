#include "idletunnels.h"

#include "tunnel/tunnelclient.h"

#include <QCoreApplication>
#include <QDateTime>
#include <cstdio>

Q_LOGGING_CATEGORY(lcIdleTunnels, "bench.idletunnels")

namespace bench {

namespace {
constexpr int kInFlight = 16;       // handshakes under way at once
constexpr int kDeadlineMs = 120000; // for all of them
} // namespace

IdleTunnels::IdleTunnels(QUrl url, QList<QByteArray> tokens, QList<QSslCertificate> cas,
                         QObject *parent)
    : QObject(parent)
    , m_url(std::move(url))
    , m_tokens(std::move(tokens))
    , m_cas(std::move(cas)) {
    m_deadline.setSingleShot(true);
    connect(&m_deadline, &QTimer::timeout, this, [this] {
        fail(QStringLiteral("only %1 of %2 tunnels established in %3 s")
                 .arg(m_established)
                 .arg(m_tokens.size())
                 .arg(kDeadlineMs / 1000));
    });
}

void IdleTunnels::start() {
    m_deadline.start(kDeadlineMs);
    openMore();
}

void IdleTunnels::openMore() {
    while (m_pending < kInFlight && m_next < m_tokens.size()) {
        pc::TunnelClient::Options options;
        options.url = m_url;
        options.token = m_tokens.at(m_next++);
        options.extraCas = m_cas;
        options.validUntil = QDateTime::currentDateTimeUtc().addSecs(3600);
        options.tunnel.software = QStringLiteral("pmproxy-bench");
        auto *client = new pc::TunnelClient(options, this);
        m_clients.append(client);
        ++m_pending;
        connect(client, &pc::TunnelClient::established, this, [this](bool resumed) {
            if (resumed)
                return;
            --m_pending;
            if (++m_established == m_tokens.size()) {
                m_deadline.stop();
                std::printf("established %d\n", m_established);
                std::fflush(stdout);
                return;
            }
            openMore();
        });
        connect(client, &pc::TunnelClient::reconnecting, this, [this](const QString &why, int) {
            fail(QStringLiteral("a tunnel dropped: ") + why);
        });
        connect(client, &pc::TunnelClient::failed, this, [this](const QString &why, int) {
            fail(QStringLiteral("a tunnel failed: ") + why);
        });
        client->start();
    }
}

void IdleTunnels::fail(const QString &why) {
    std::printf("failed: %s\n", qPrintable(why));
    std::fflush(stdout);
    QCoreApplication::exit(1);
}

} // namespace bench
