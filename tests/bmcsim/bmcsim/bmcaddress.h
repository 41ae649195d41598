#pragma once

// The address a BMC believes it has: what its Host header check compares against, what
// its absolute URLs and cookie domains name. It is either given (--advertise) or the
// listening address.

#include <QHostAddress>
#include <QString>
#include <optional>

namespace bmcsim {

class BmcAddress {
public:
    BmcAddress() = default;
    BmcAddress(const QString &host, quint16 port);

    // "host", "host:port", "[v6]" or "[v6]:port"; no port means 443.
    static std::optional<BmcAddress> parse(const QString &authority);
    static BmcAddress fromListen(const QHostAddress &address, quint16 port);

    // As written in a URL: "10.0.0.5", "bmc.example", "[fd00::5]".
    QString host() const { return m_host; }
    quint16 port() const { return m_port; }
    // host[:port], the port left out when it is 443 — what a browser sends as Host.
    QString authority() const;
    // https://authority
    QString origin() const;

private:
    QString m_host;
    quint16 m_port = 443;
};

} // namespace bmcsim
