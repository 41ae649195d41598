#pragma once

#include "session/gatewaypolicy.h"
#include "util/clock.h"

#include <QDateTime>
#include <QObject>
#include <QSslCertificate>
#include <QString>
#include <QUrl>
#include <memory>

namespace pc {
struct GpsessionClaims;
}

namespace app {

class BmcSessionPrivate;

// One BMC session of the app: the tunnel to the gateway named by the token, and the
// loopback proxy through which a browser (the app's own view, or any browser in
// headless mode) reaches the BMC. GUI-free, so headless mode and tests use it as is.
//
// Lifecycle: create() checks the link and the token's claims as far as the app can
// (the signature is the gateway's to check); start() connects; the state then moves
// Connecting -> Connected (<-> Reconnecting) and ends in Failed, Expired or Closed.
class BmcSession : public QObject {
    Q_OBJECT
public:
    enum class State { Idle, Connecting, Connected, Reconnecting, Failed, Expired, Closed };
    Q_ENUM(State)

    // What the spec's exit codes mean (PRODUCT.md §3): 2 bad link or token, 3 expired,
    // 4 gateway unreachable or refused the token, 1 anything else.
    enum class Failure { None = 0, Other = 1, BadLink = 2, TokenExpired = 3, Gateway = 4 };
    Q_ENUM(Failure)

    struct Options {
        QList<QSslCertificate> gatewayCa;       // --gateway-ca, besides the system store
        GatewayPolicy gateways;                 // the `gateways` setting (default: any gateway)
        std::shared_ptr<const pc::Clock> clock; // the token's end; null: the system clock
    };

    // Why create() refused a link, for the window to pick its page.
    struct Refusal {
        enum class Kind {
            None,
            Malformed,         // not a gpsession link, or its token cannot be read
            WrongGateway,      // https://HOST/gpsession?token=… whose token names another gateway
            GatewayNotAllowed, // the `gateways` setting refuses the token's gateway
            Expired,
        };
        Kind kind = Kind::None;
        Failure failure = Failure::None; // the exit code's reason
        QString message;                 // for a person
        QString gateway;                 // the token's gateway, when known
    };

    struct Info {
        QString platform; // idrac8, idrac9, ilo5, asrockrack, generic
        QString bmc;      // "ip:port" as the token names it
        QString gateway;  // "host:port"
        QString subject;  // sub claim, may be empty
        QDateTime expires;
    };

    // A session for LINK (any of the three link forms). On a bad link, a link whose
    // address names another gateway than its token (https://HOST/gpsession?token=…: the
    // token's upstream must be HOST, port 443 when absent), a gateway the `gateways`
    // setting refuses, or an already expired token: nullptr and *refusal says why.
    static std::unique_ptr<BmcSession> create(const QString &link, const Options &options,
                                              Refusal *refusal, QObject *parent = nullptr);
    // The same, with the reason as *failure and *message.
    static std::unique_ptr<BmcSession> create(const QString &link, const Options &options,
                                              Failure *failure, QString *message,
                                              QObject *parent = nullptr);
    ~BmcSession() override;

    Info info() const;
    State state() const;
    // Why the session failed, in words for a person (the gateway's reason for a refused
    // token), and which exit code that is.
    QString failureMessage() const;
    Failure failure() const;
    // The clock the token's end is measured on (Options::clock, else the system's):
    // whatever shows or acts on the time left uses it too.
    const pc::Clock &clock() const;

    // The URL a browser opens first: http://127.0.0.1:PORT/... on this session's own
    // loopback address; it carries the one-time bootstrap secret that sets the local
    // session cookie. Valid once Connected (empty before).
    QUrl entryUrl() const;

    int roundTripMs() const;   // last heartbeat round trip, -1 when unknown
    quint64 bytesUp() const;   // toward the BMC
    quint64 bytesDown() const; // toward the user

    void start();
    void stop(); // closes the proxy and the tunnel; state Closed

Q_SIGNALS:
    void stateChanged(app::BmcSession::State state);
    void statsChanged(); // round trip or byte counters moved (at most a few times a second)

private:
    explicit BmcSession(QObject *parent);
    void setState(State state);
    void fail(Failure failure, const QString &message);
    void onTunnelFailed(const QString &reason, int status);
    void fetchRefusalReason(const QString &fallback);
    std::unique_ptr<BmcSessionPrivate> d;
};

} // namespace app
