#pragma once

// One emulated BMC: an HTTPS listener with the personality of one platform. Tests create
// it in-process (it is the fake upstream of the integration tests); the bmcsim program
// wraps it for the demo.

#include "bmcsim/bmcaddress.h"
#include "bmcsim/checklog.h"
#include "bmcsim/platform.h"
#include "util/expected.h"

#include <QHostAddress>
#include <QObject>
#include <QSslCertificate>
#include <QSslKey>
#include <memory>

class QSslServer;

namespace bmcsim {

class Personality;
struct SimContext;

struct ServerOptions {
    static ServerOptions of(Platform p) {
        ServerOptions options;
        options.platform = p;
        return options;
    }

    Platform platform = Platform::Generic;
    QHostAddress address = QHostAddress(QHostAddress::LocalHost);
    quint16 port = 0;            // 0: any free port
    QString advertise;           // host[:port] the BMC believes it has; empty: address and port
    QString user;                // empty: the platform's default
    QString password;            // empty: the platform's default
    QSslCertificate certificate; // null: a self-signed one is generated
    QSslKey key;
    // gzip HTML/JS/JSON/CSS/XML responses when the request accepts gzip, like real
    // firmware (see compression.h); iDRAC9's /restgui/ files are gzip either way.
    bool compress = false;
};

class BmcServer : public QObject {
    Q_OBJECT
public:
    explicit BmcServer(ServerOptions options, QObject *parent = nullptr);
    ~BmcServer() override;

    // Starts listening; the error says why it could not.
    pc::Expected<quint16, QString> listen();

    quint16 port() const;
    Platform platform() const { return m_options.platform; }
    // What the BMC considers its own address (Host check, absolute URLs, cookie domain).
    BmcAddress address() const;
    QString user() const;
    QString password() const;
    QSslCertificate certificate() const { return m_options.certificate; }
    // Every refusal, in order; also signalled as it happens.
    CheckLog &checkLog() { return *m_log; }

private:
    void onPendingConnection();

    ServerOptions m_options;
    CheckLog *m_log;
    QSslServer *m_server;
    std::unique_ptr<SimContext> m_context;
    std::unique_ptr<Personality> m_personality;
};

} // namespace bmcsim
