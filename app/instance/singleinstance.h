#pragma once

#include <QObject>
#include <QString>

class QLocalServer;
class QLocalSocket;

namespace app {

// One window per user: the first `pmproxy` listens on a local socket in the user's
// private runtime directory; a later `pmproxy LINK` hands LINK over through it (the
// running instance opens a tab and raises its window) and exits 0. A link carries a
// token, so both ends check with SO_PEERCRED that the other runs as the same user.
//
// Wire format, one exchange per connection: the client sends the link as UTF-8 and a
// '\n' (an empty line just raises the window); the server answers "ok\n" once it has
// taken the link. Lines over MaxMessageSize or silence past a few seconds are dropped.
class SingleInstance : public QObject {
    Q_OBJECT
public:
    // SERVERNAME is defaultServerName() (tests pass their own); empty: no single instance.
    explicit SingleInstance(QString serverName, QObject *parent = nullptr);
    ~SingleInstance() override;

    // "<private dir>/pmproxy-<user>.socket" in a directory only the user can enter:
    // $XDG_RUNTIME_DIR when it is a directory of the user's with mode 0700, else
    // $XDG_CACHE_HOME/pmproxy (default ~/.cache/pmproxy), created with mode 0700 and
    // checked. Never a shared directory such as /tmp: empty (and *WHY says why) when
    // there is no private directory, and then there is no single instance.
    static QString defaultServerName(QString *why = nullptr);
    // DIR when it is a directory (not a symbolic link) owned by the effective user with no
    // permissions for group or others; else empty and *WHY says what is wrong.
    static bool isPrivateDirectory(const QString &dir, QString *why = nullptr);
    // True when the process at the other end of the connected local socket FD runs as
    // this process's effective user (SO_PEERCRED).
    static bool peerIsSameUser(qintptr fd);

    // Gives LINK to the running instance; true when it confirmed within TIMEOUTMS.
    bool handOver(const QString &link, int timeoutMs = 5000);
    // Becomes the running instance. A socket file left behind by an instance that died is
    // removed; false (and errorString()) when another instance answers or listening fails.
    bool listen();
    QString errorString() const { return m_error; }
    QString serverName() const { return m_serverName; }

    static constexpr qsizetype MaxMessageSize = 128 * 1024; // a link is at most 64 KiB

Q_SIGNALS:
    // A second process handed over LINK (empty: it only asked to raise the window).
    void linkReceived(const QString &link);

private:
    void onNewConnection();
    void readMessage(QLocalSocket *socket);

    QString m_serverName;
    QLocalServer *m_server = nullptr;
    QString m_error;
};

} // namespace app
