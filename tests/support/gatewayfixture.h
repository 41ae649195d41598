#pragma once

#include <QJsonObject>
#include <QProcess>
#include <QSslCertificate>
#include <QTemporaryDir>
#include <memory>
#include <vector>

// A real bmcsim process and a real gatewayd process on loopback (ports chosen by the
// kernel), a gateway configuration in a temporary directory, and a token minter. The
// gateway's certificate names localhost, 127.0.0.1, Options::certificateNames and, when
// the configuration sets browser.sessionDomain, *.<sessionDomain> (the per-session origins).
class GatewayFixture {
public:
    struct Options {
        QString platform = QStringLiteral("idrac9");
        QJsonObject upstream; // the config's "upstream" section
        QStringList allow = {QStringLiteral("127.0.0.0/8")};
        // A management API on 127.0.0.1 (apiPort(), apiToken()), accounting in a
        // database in the temporary directory, and a second signing key "k2".
        bool api = false;
        // bmcsim --compress: gzip text responses when the request accepts it, like firmware.
        bool compressingBmc = false;
        // More names (host names or IP addresses) for the gateway's certificate, e.g. an
        // address an agent dials and verifies with --ca.
        QStringList certificateNames;
        // Merged into the configuration last: each member replaces the section of that
        // name, or for an object section, the members it names (e.g. {"limits":
        // {"maxSessions": 1}} keeps nothing else from changing).
        QJsonObject config;
    };
    explicit GatewayFixture(Options options);
    GatewayFixture()
        : GatewayFixture(Options{}) {}
    ~GatewayFixture();

    quint16 gatewayPort() const { return m_gatewayPort; }
    quint16 bmcPort() const { return m_bmcPort; }
    qint64 gatewayPid() const { return m_gateway.processId(); }
    // The gateway's self-signed certificate, for clients that verify it.
    QSslCertificate certificate() const { return m_certificate; }
    bool ok() const { return m_gatewayPort != 0 && m_bmcPort != 0; }
    QString startupError() const { return m_error; }

    // Starts one more bmcsim process (PLATFORM, EXTRAARGS such as --user/--password) on
    // 127.0.0.1 and returns its port, or 0 with startupError() set. It ends with the
    // fixture; mint({{"port", port}}) makes tokens for it.
    quint16 startAnotherBmc(const QString &platform, const QStringList &extraArgs = {});

    // A token for the emulated BMC; CLAIMS overrides or adds claims.
    QByteArray mint(const QJsonObject &claims = {}) const;
    // Same, signed with another secret.
    QByteArray mintForged(const QJsonObject &claims = {}) const;
    // Signed with the second key ("k2"; Options::api only).
    QByteArray mintK2(const QJsonObject &claims = {}) const;
    // CLAIMS exactly as given (no defaults added), HS256 with the first key's secret and
    // no kid, as the original pmproxy's generator signed them.
    QByteArray mintExactly(const QJsonObject &claims) const;
    // What gatewayd wrote on stderr so far (empty with PMPROXY_TEST_VERBOSE, which
    // forwards it).
    QByteArray gatewayLog();
    // gatewayLog() once it contains NEEDLE (waiting on gatewayd's stderr), or as it is
    // after TIMEOUTMS or when gatewayd exited.
    QByteArray waitForGatewayLog(const QByteArray &needle, int timeoutMs = 10000);
    // Logs in to the emulated BMC (the generic platform's Redfish session) through the
    // gateway with TOKEN: the Cookie header value carrying pm-session and the BMC's
    // session cookie, empty on failure.
    QByteArray login(const QByteArray &token) const;
    // "Cookie: pm-session=TOKEN\r\n"
    static QByteArray cookieHeader(const QByteArray &token);

    // Management API (Options::api).
    quint16 apiPort() const { return m_apiPort; }
    // listen.http's port, when the configuration sets it (node groups' HTTP ingress).
    quint16 httpPort() const { return m_httpPort; }
    QByteArray apiToken() const { return m_apiToken; }
    QString configPath() const;
    QString databasePath() const;
    // The configuration document as first written.
    QJsonObject config() const { return m_config; }
    // SIGTERM to gatewayd, then waits for it to exit; its exit code (-1: it did not exit).
    int terminateGateway();
    // Ends gatewayd (SIGTERM, then SIGKILL if it does not exit) and starts it again with
    // the same configuration file (ports change).
    bool restartGateway();

private:
    QByteArray mintWith(const QByteArray &secret, const QJsonObject &claims,
                        const QString &kid = QStringLiteral("k1")) const;
    bool startGateway();
    bool startProcess(QProcess &process, const QString &program, const QStringList &args,
                      QByteArray &firstLine);

    QTemporaryDir m_dir;
    QByteArray m_secret;
    QByteArray m_secret2;
    QByteArray m_apiToken;
    QJsonObject m_config;
    quint16 m_apiPort = 0;
    quint16 m_httpPort = 0;
    QSslCertificate m_certificate;
    QProcess m_bmc;
    std::vector<std::unique_ptr<QProcess>> m_otherBmcs;
    QProcess m_gateway;
    quint16 m_bmcPort = 0;
    quint16 m_gatewayPort = 0;
    QString m_error;
    QByteArray m_gatewayLog;
};
